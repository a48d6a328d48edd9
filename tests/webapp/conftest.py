"""Web app fixtures (flaskr style): app over a temporary data dir, client, runner, and an auth helper."""
from __future__ import annotations

import io
import re
import shutil

import pytest

from webapp import create_app
from webapp.accounts import add_user

PASSWORD = "correct horse battery"
USERS = (("alice", "drafter"), ("bob", "drafter"), ("rita", "reviewer"), ("roger", "reviewer"), ("ada", "admin"))
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


FAST_HASH = "pbkdf2:sha256:1000"  # test accounts only: the app's default (scrypt) is slow on purpose
TEST_CONFIG = {"TESTING": True, "WORKER": "sync", "MAX_FILE_BYTES": 200_000, "MAX_CONTENT_LENGTH": 1_000_000}


@pytest.fixture(scope="session")
def seeded_data_dir(tmp_path_factory):
    """A data dir with one user per role (and a second drafter), built once: password hashing is slow on purpose."""
    data_dir = tmp_path_factory.mktemp("seed") / "data"
    app = create_app({**TEST_CONFIG, "DATA_DIR": str(data_dir)})
    for name, role in USERS:
        add_user(app.extensions["review_db"], name, role, PASSWORD, method=FAST_HASH)
    app.extensions["review_db"].dispose()
    return data_dir


@pytest.fixture
def app(tmp_path, seeded_data_dir):
    """An app over a fresh copy of the seeded data dir, analysing synchronously."""
    data_dir = tmp_path / "data"
    shutil.copytree(seeded_data_dir, data_dir)
    return create_app({**TEST_CONFIG, "DATA_DIR": str(data_dir)})


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for the app's Flask commands."""
    return app.test_cli_runner()


class AuthActions:
    """Log in and out through the real forms, and post with the page's CSRF token."""

    def __init__(self, client):
        self._client = client

    def token(self, path: str = "/auth/login") -> str:
        """The CSRF token from a page's form."""
        return CSRF_FIELD.search(self._client.get(path).get_data(as_text=True)).group(1)

    def login(self, username: str = "alice", password: str = PASSWORD):
        """Log in through the form."""
        return self._client.post("/auth/login", data={"username": username, "password": password,
                                                      "csrf_token": self.token()})

    def logout(self):
        """Log out through the form."""
        return self._client.post("/auth/logout", data={"csrf_token": self.token("/")})

    def post(self, path: str, data=None, **kwargs):
        """A form POST carrying this session's CSRF token."""
        return self._client.post(path, data={**(data or {}), "csrf_token": self.token("/")}, **kwargs)

    def post_json(self, path: str, body: dict):
        """A fetch()-style JSON POST with the X-CSRFToken header."""
        return self._client.post(path, json=body, headers={"X-CSRFToken": self.token("/"),
                                                           "Accept": "application/json"})

    def upload(self, name: str, data: bytes, accept_json: bool = True):
        """Upload one file through the upload form endpoint."""
        headers = {"Accept": "application/json"} if accept_json else {}
        return self.post("/documents/upload", {"files": (io.BytesIO(data), name)}, headers=headers,
                         content_type="multipart/form-data")


@pytest.fixture
def auth(client):
    """The auth helper bound to the client."""
    return AuthActions(client)
