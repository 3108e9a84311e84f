#!/bin/bash
# ci-debug.sh -- dump CI context for debugging flaky jobs
echo "--- system"
uname -a
echo "--- working directory"
pwd
ls -la

echo "--- environment"
env | sort
printenv > ci-env.txt

echo "--- dotenv"
cat .env 2>/dev/null
