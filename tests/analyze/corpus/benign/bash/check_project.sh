#!/bin/bash
# Sanity-check a project checkout before committing.
# Nothing is deleted or modified; problems are only reported.
problems=0

warn() {
    echo "warning: $*"
    problems=$((problems + 1))
}

for required in README.md LICENSE Makefile; do
    [[ -f $required ]] || warn "missing $required"
done

[[ -d tests ]] || warn "no tests/ directory"

for f in *.sh; do
    [[ -e $f ]] || continue
    [[ -x $f ]] || warn "$f is not executable"
    head -n1 "$f" | grep -q '^#!' || warn "$f has no shebang"
done

if grep -rIn --include='*.py' 'TODO' . >/dev/null 2>&1; then
    echo "note: there are TODO markers:"
    grep -rIn --include='*.py' 'TODO' . | head -5
fi

if (( problems )); then
    echo "$problems problem(s) found"
    exit 1
fi
echo "all checks passed"
