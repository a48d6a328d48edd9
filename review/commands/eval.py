"""`review eval SAMPLES`: score the engine against gold-annotated drafts (see docs/evaluation.md)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from review import evaluate_summary as es
from review.model import ACTIONS, MODES

DESCRIPTION = """Review every annotated draft under SAMPLES (recursively; each NAME.EXT with a
NAME.gold.yaml beside it) and print span-level precision, recall and F1 per entity type, the
action confusion, keep items flagged for redaction and the recommended-mode accuracy. Folders
directly under SAMPLES (dev/, blind/) are reported separately, then overall."""
EVAL_EXIT = """exit codes:
  0  figures printed, every threshold met
  1  a threshold failed (or a draft could not be reviewed while thresholds were given)
  2  usage error or an invalid gold file (the message names the file and the field)
  3  internal error
"""


def register(subparsers, epilog: str) -> None:
    """Add the `eval` subcommand."""
    p = subparsers.add_parser("eval", help="score the engine against gold-annotated samples",
                              description=DESCRIPTION, epilog=EVAL_EXIT,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("samples", metavar="SAMPLES", help="folder of drafts with gold files (or one gold file)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--verbose", "-v", action="store_true", help="list every mismatch per draft")
    p.add_argument("--show-values", action="store_true", help="print values unmasked in the listings")
    p.add_argument("--config", metavar="FILE", help="YAML configuration file")
    p.add_argument("--min-precision", action="append", default=[], metavar="TYPE=X",
                   help="fail below this precision (TYPE: entity type or identifiers|names|addresses|sensitive|all)")
    p.add_argument("--min-recall", action="append", default=[], metavar="TYPE=X", help="fail below this recall")
    p.add_argument("--min-mode-accuracy", type=float, metavar="X", help="fail below this mode accuracy")
    p.add_argument("--max-keep-flagged", type=int, metavar="N", help="fail when more keep items are flagged")
    p.set_defaults(func=run)


def thresholds_from(args) -> list[es.Threshold]:
    """The thresholds asked for on the command line (ValueError on a malformed one)."""
    out = [es.parse_type_threshold("precision", raw) for raw in args.min_precision]
    out += [es.parse_type_threshold("recall", raw) for raw in args.min_recall]
    if args.min_mode_accuracy is not None:
        out.append(es.Threshold("mode_accuracy", "all", args.min_mode_accuracy))
    if args.max_keep_flagged is not None:
        out.append(es.Threshold("keep_flagged", "all", args.max_keep_flagged))
    return out


def _fmt(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(rows: dict) -> list[str]:
    lines = [f"  {'type':<22}{'support':>8}{'recall':>8}{'prec.':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'exact':>7}"]
    for name, c in rows.items():
        lines.append(f"  {name:<22}{c['support']:>8}{_fmt(c['recall']):>8}{_fmt(c['precision']):>8}"
                     f"{_fmt(c['f1']):>8}{c['true_positives']:>6}{c['false_positives']:>6}{c['exact_boundaries']:>7}")
    return lines


def _listing(items, keys) -> list[str]:
    return ["    " + "  ".join(str(item.get(k, "")) for k in keys) for item in items]


def _action_lines(actions: dict) -> list[str]:
    lines = ["actions (expected \\ got):  " + "".join(f"{g:>8}" for g in es.GOT_ACTIONS)]
    for e in ACTIONS:
        lines.append(f"  {e:<24}" + "".join(f"{actions[e][g]:>8}" for g in es.GOT_ACTIONS))
    return lines


def _mode_lines(mode: dict, verbose: bool) -> list[str]:
    lines = [f"recommended mode accuracy: {_fmt(mode['accuracy'])} ({mode['correct']}/{mode['total']})",
             "  expected \\ got  " + "".join(f"{m:>10}" for m in MODES)]
    for e in MODES:
        lines.append(f"  {e:<16}" + "".join(f"{mode['confusion'][e][g]:>10}" for g in MODES))
    if verbose:
        lines += _listing(mode["wrong"], ("file", "doc_type", "expected", "got"))
    return lines


def render_figures(title: str, fig: dict, verbose: bool) -> list[str]:
    """The text block for one split (or overall)."""
    lines = [f"== {title}: {fig['documents']} draft(s)", "per entity type (gold spans to redact or review):"]
    lines += _table(fig["types"]) + ["groups:"] + _table(fig["groups"])
    lines.append(f"keep items flagged for redaction: {len(fig['keep_flagged'])}")
    lines += _listing(fig["keep_flagged"], ("file", "where", "type", "role", "value"))
    lines += _action_lines(fig["actions"]) + _mode_lines(fig["mode"], verbose)
    lines.append(f"known misses: {len(fig['known_misses'])}")
    lines += _listing(fig["known_misses"], ("file", "type", "got", "reason"))
    for item in fig["unscored"]:
        lines.append(f"NOT SCORED: {item['file']}: {item['reason']}")
    if verbose:
        for name, items in fig["mismatches"].items():
            lines.append(f"-- {name}")
            lines += _listing(items, ("kind", "type", "role", "rule", "where", "value", "got"))
    return lines


def render_text(result: dict, verbose: bool) -> str:
    """Splits, then overall (verbose listings only once), then thresholds."""
    lines = []
    splits = result["splits"]
    for name, fig in splits.items():
        lines += render_figures(name, fig, verbose) + [""]
    if len(splits) > 1:
        overall = result["overall"]
        lines += render_figures("overall", {**overall, "mismatches": {}, "unscored": []}, False)
        if overall["unscored"]:
            lines.append(f"NOT SCORED: {len(overall['unscored'])} draft(s), listed above")
        lines.append("")
    for t in result["thresholds"]:
        lines.append(f"{'PASS' if t['passed'] else 'FAIL'} {t['threshold']}: {t['value']}")
    return "\n".join(lines).rstrip()


def run(args) -> int:
    """Score the samples, print the figures, check thresholds."""
    from review.config import Config
    from review.evaluate import evaluate

    try:
        thresholds = thresholds_from(args)
    except ValueError as exc:
        print(f"review: error: {exc}", file=sys.stderr)
        return 2
    if not Path(args.samples).exists():
        print(f"review: error: {args.samples}: no such file or folder", file=sys.stderr)
        return 2
    docs = evaluate(Path(args.samples), Config.load(args.config))
    result = es.summarize_splits(docs, args.show_values)
    result["thresholds"] = es.check_all(thresholds, result["overall"])
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print(render_text(result, args.verbose))
    return 1 if any(not t["passed"] for t in result["thresholds"]) else 0
