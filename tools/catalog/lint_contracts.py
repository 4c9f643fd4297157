"""Lints data contracts with datacontract-cli, many files in one process.

The same check as `datacontract lint --all-errors FILE` (the ODCS JSON Schema the tool bundles
for the contract's declared apiVersion, plus its own checks), without starting Python once per
file. Prints one JSON object per file on standard output and exits 1 when any file fails.

    python tools/catalog/lint_contracts.py contracts/*.odcs.yaml
"""
import json
import sys

from datacontract.config import cli_config
from datacontract.data_contract import DataContract


def lint(path):
    run = DataContract(config=cli_config(), data_contract_file=path, all_errors=True).lint()
    checks = [
        {"result": str(getattr(c.result, "value", c.result)), "name": c.name, "reason": c.reason}
        for c in run.checks
    ]
    result = str(getattr(run.result, "value", run.result))
    return {"file": path, "result": result, "checks": checks}


def main(paths):
    if not paths:
        print("usage: lint_contracts.py CONTRACT.yaml...", file=sys.stderr)
        return 2
    failed = False
    for path in paths:
        report = lint(path)
        failed = failed or report["result"] != "passed"
        print(json.dumps(report), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
