# Shared by the CLI end-to-end tests (source it after setting $work to a scratch folder):
# counters, expect_exit, a JSON reader, and the summary line + exit status.
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect_exit() {  # expect_exit <code> <description> <command...>: stdout to $work/out, stderr to $work/err
  local want=$1 what=$2; shift 2
  "$@" >"$work/out" 2>"$work/err"; local got=$?
  if [[ $got == "$want" ]]; then ok; else bad "$what: exit $got, want $want"; cat "$work/err"; fi
}
json() {  # json <python expression on j> < file
  /usr/bin/python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"
}
finish() {  # finish <name>: prints the counts; the status is the script's result
  echo "$1: $pass passed, $fail failed"
  [[ $fail == 0 ]]
}
