# lab/lib/procs.sh: Processes by PID: bookkeeping (pids/<name>.pid + .start), kill, spawn.
# Sourced by lab/lab (see lab/README.md); defines functions and constants only.

# ---------------------------------------------------------------------------------------------
# PID bookkeeping. Each daemon has pids/<name>.pid (the PID, nothing else, for tests to read) and
# pids/<name>.start (its start time from /proc/PID/stat) so a reused PID is never killed by mistake.
# ---------------------------------------------------------------------------------------------
proc_start() { # prints the start time of PID, or fails if it is gone or a zombie
  local stat rest f
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  rest=${stat##*) }
  read -r -a f <<<"$rest"
  [[ ${f[0]} != Z && ${f[0]} != X ]] || return 1
  echo "${f[19]}"
}

record_pid() { # name pid
  local start
  mkdir -p "$RUN/pids"
  start=$(proc_start "$2") || start=gone
  echo "$2" >"$RUN/pids/$1.pid"
  echo "$start" >"$RUN/pids/$1.start"
}

recorded_pid() { # name -> PID if that exact process is still alive
  local f=$RUN/pids/$1.pid pid start
  [[ -f $f ]] || return 1
  pid=$(<"$f"); start=$(cat "$RUN/pids/$1.start" 2>/dev/null || echo none)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(proc_start "$pid" 2>/dev/null) == "$start" ]] || return 1
  echo "$pid"
}

forget_pid() { rm -f "$RUN/pids/$1.pid" "$RUN/pids/$1.start"; }

# Kill a list of "pid:start" items (start "-" = do not check): TERM, wait up to $KILL_GRACE_MS
# (4 s unless set), then KILL.
kill_procs() {
  local items=("$@") item pid start alive s
  ((${#items[@]})) || return 0
  for item in "${items[@]}"; do
    pid=${item%%:*}; start=${item#*:}
    [[ $start == - || $(proc_start "$pid" 2>/dev/null) == "$start" ]] && kill -TERM "$pid" 2>/dev/null || true
  done
  local deadline=$(( $(now_ms) + ${KILL_GRACE_MS:-4000} ))
  while :; do
    alive=()
    for item in "${items[@]}"; do
      pid=${item%%:*}; start=${item#*:}
      if s=$(proc_start "$pid" 2>/dev/null) && [[ $start == - || $s == "$start" ]]; then alive+=("$item"); fi
    done
    ((${#alive[@]})) || return 0
    (( $(now_ms) < deadline )) || break
    sleep 0.1
  done
  for item in "${alive[@]}"; do
    pid=${item%%:*}
    log "pid $pid ignored SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  done
  deadline=$(( $(now_ms) + 2000 ))
  for item in "${alive[@]}"; do
    pid=${item%%:*}
    while proc_start "$pid" >/dev/null 2>&1 && (( $(now_ms) < deadline )); do sleep 0.05; done
  done
}

# spawn NAME LOGFILE CMD...: start CMD detached from us (own session, stdin from /dev/null, output to
# LOGFILE, lock fd closed) so callers that capture our output (tests) are not kept waiting on the
# pipe. setsid does not fork here (a background job of a non-interactive shell is no group leader)
# and neither do nsenter (no -p) or unshare (no --fork): $! is the daemon's own PID.
spawn() {
  local name=$1 logfile=$2; shift 2
  setsid "$@" </dev/null >>"$logfile" 2>&1 9>&- &
  record_pid "$name" "$!"
}

holder_pid() { recorded_pid "holder-$1" || die "$1 is not running (no live holder process; run 'lab up')"; }
