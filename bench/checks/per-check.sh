# Work done and syscalls per check connection, counted by the kernel (POSIX sh, sourced, not run).
# Sourced by the User-Mode-Linux init that bench/run-checks-bench generates and by bench/checks/run-host-cpu.
# Every check (TCP_CHECK or HTTP_GET, retries included) opens one TCP connection, so the namespace's
# ActiveOpens counts the checks that were really attempted, whichever process ran them: CPU or syscalls
# divided by it compare two checkers that did not manage the same number of checks.

# Seconds since boot (monotonic, 10 ms resolution): the length of a window as it really was.
per_check_now() {
  awk '{ print $1 }' /proc/uptime
}

# The TCP counters of the network namespace of process $1, one line:
# ActiveOpens PassiveOpens AttemptFails EstabResets OutRsts.
# /proc/PID/net/snmp is what ip netns exec NAME cat /proc/net/snmp shows, without the mount namespace ip netns exec
# sets up per command: slow enough in UML under strace to misalign the counted seconds with strace's.
per_check_tcp_counters() {
  awk -v pid="$1" '
    $1 == "Tcp:" && !named { for (i = 2; i <= NF; i++) at[$i] = i; named = 1; next }
    $1 == "Tcp:" {
      split("ActiveOpens PassiveOpens AttemptFails EstabResets OutRsts", want, " ")
      line = ""
      for (k = 1; k <= 5; k++) {
        if (!(want[k] in at)) { print "Tcp field " want[k] " missing in /proc/" pid "/net/snmp" > "/dev/stderr"; found = 1; exit 1 }
        line = line (k > 1 ? " " : "") $at[want[k]]
      }
      print line
      found = 1
    }
    END { if (!found) { print "no Tcp: lines in /proc/" pid "/net/snmp" > "/dev/stderr"; exit 1 } }' "/proc/$1/net/snmp"
}

# The work over a CPU window, for LABEL (keepalived, java): one line for people, one for the summary.
# usage: per_check_window LABEL N CPU_SECONDS T0 T1 "COUNTERS0" "COUNTERS1"
per_check_window() {
  if [ -z "$6" ] || [ -z "$7" ]; then
    echo "$1: the TCP counters could not be read at the start or the end of the window: no figures per check connection"
    return 0
  fi
  echo "$6 $7" | awk -v label="$1" -v n="$2" -v cpu="$3" -v t0="$4" -v t1="$5" '{
    s = t1 - t0
    a = $6 - $1; p = $7 - $2; f = $8 - $3; e = $9 - $4; r = $10 - $5
    printf "%s: check connections over the %.1f s window (TCP counters of the namespace): %d active opens = %.1f/s,", label, s, a, (s > 0 ? a / s : 0)
    printf " %.1f%% of the nominal %d/s; %d passive opens, %d attempt fails, %d established resets, %d RSTs sent;", (s > 0 && n > 0 ? 100 * a / s / n : 0), n, p, f, e, r
    if (a > 0) printf " %.1f us CPU per check connection\n", cpu * 1e6 / a
    else printf " no check connection, so no CPU per check connection\n"
    printf "%s-tcp %.2f %d %d %d %d %d\n", label, s, a, p, f, e, r
  }'
}

# strace -c on a running checker for SECONDS, with ActiveOpens of the namespace over the same seconds
# (from strace's "attached" to the signal that ends it).
# Prints the busiest 15 rows of strace's table and the syscalls per check connection.
# usage: per_check_strace LABEL PID SECONDS OUTFILE WHAT STRACE_ARGS...
#        (PID: any process in the checks' namespace; WHAT: names the traced process in the line printed)
per_check_strace() {
  pc_label=$1 pc_pid=$2 pc_secs=$3 pc_out=$4 pc_what=$5
  shift 5
  /usr/bin/strace -c -S calls -o "$pc_out" "$@" 2> "$pc_out.err" &
  pc_strace=$!
  # The connections are counted from the moment strace says it is attached (attaching takes a while in UML)
  pc_wait=0
  while kill -0 "$pc_strace" 2>/dev/null && ! grep -q 'attached' "$pc_out.err" && [ "$pc_wait" -lt 500 ]; do
    sleep 0.02
    pc_wait=$((pc_wait + 1))
  done
  pc_c0=$(per_check_tcp_counters "$pc_pid") || pc_c0=
  pc_t0=$(per_check_now)
  sleep "$pc_secs"
  pc_t1=$(per_check_now)
  # SIGINT makes strace detach from every traced thread and write its table (-o); the traced process runs on.
  # The counters are read after it, so that the read's own delay here matches the one after "attached" above.
  kill -INT "$pc_strace" 2>/dev/null || true
  pc_c1=$(per_check_tcp_counters "$pc_pid") || pc_c1=
  wait "$pc_strace" || true
  if [ -z "$pc_c0" ] || [ -z "$pc_c1" ]; then
    echo "$pc_label: the TCP counters of pid $pc_pid could not be read around strace: no syscalls per check connection"
    return 0
  fi
  if ! grep -q ' total$' "$pc_out" 2>/dev/null; then
    echo "$pc_label: strace $* gave no table: $(tr '\n' ' ' < "$pc_out.err" 2>/dev/null)"
    return 0
  fi
  # header and rule, the 15 busiest rows, rule and total
  awk -v label="$pc_label" '
    NR <= 2 { print label ":   " $0; next }
    /^-/ { rule = $0; next }
    $NF == "total" { total = $0; next }
    rows < 15 { print label ":   " $0; rows++ }
    END { print label ":   " rule; print label ":   " total }' "$pc_out"
  echo "$pc_c0 $pc_c1" | awk -v label="$pc_label" -v what="$pc_what" -v t0="$pc_t0" -v t1="$pc_t1" \
      -v calls="$(awk '$NF == "total" { print $4 }' "$pc_out")" '{
    a = $6 - $1
    s = t1 - t0
    printf "%s: strace -c of %s over %.1f s after the window: %d syscalls while the namespace opened %d check connections", label, what, s, calls, a
    printf " (%.1f/s under strace): ", (s > 0 ? a / s : 0)
    if (a > 0) printf "%.1f syscalls per check connection\n", calls / a
    else printf "no check connection, so no syscalls per check connection\n"
    printf "%s-strace %.2f %d %d\n", label, s, calls, a
  }'
}
