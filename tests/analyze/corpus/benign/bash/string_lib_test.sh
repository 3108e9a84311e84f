#!/usr/bin/env bash
# A small string library with self-tests. Run it to execute the tests.

trim() {
    local s=$1
    s=${s#"${s%%[![:space:]]*}"}
    s=${s%"${s##*[![:space:]]}"}
    printf '%s' "$s"
}

to_upper() { printf '%s' "${1^^}"; }

repeat() {
    local out="" i
    for ((i = 0; i < $2; i++)); do out+=$1; done
    printf '%s' "$out"
}

join_by() {
    local sep=$1; shift
    local first=$1; shift
    printf '%s' "$first" "${@/#/$sep}"
}

passed=0
failed=0
assert_eq() {
    if [[ $1 == "$2" ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'FAIL: %s: expected [%s] got [%s]\n' "$3" "$2" "$1"
    fi
}

assert_eq "$(trim '   hello  ')" "hello" "trim"
assert_eq "$(to_upper 'exec summary')" "EXEC SUMMARY" "to_upper"
assert_eq "$(repeat ab 3)" "ababab" "repeat"
assert_eq "$(join_by , a b c)" "a,b,c" "join_by"
assert_eq "${#passed}" "1" "length of counter string"

echo "$passed passed, $failed failed"
(( failed == 0 ))
