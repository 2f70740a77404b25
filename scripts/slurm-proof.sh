#!/usr/bin/env bash
# Proves docs/cluster.md on a real Slurm: starts a throw-away single-node cluster on this
# machine, submits the guide's own job array and dependent merge (the two sbatch scripts are
# cut out of docs/cluster.md, so the guide is what is tested), then runs the same experiment
# locally and checks that the merged folder is byte-identical to it.
#
#   scripts/slurm-proof.sh
#
# Exit code 0: proven; 1: a step failed (logs printed); 77: skipped, because this machine has
# no Slurm and cannot install it (not root, no apt-get, or apt-get failed); 130: interrupted.
#
# Needs root and Debian/Ubuntu's apt-get: it installs `slurm-wlm` and `munge` if they are
# missing. Everything else stays in a temporary folder: its own munge key and socket, its own
# slurm.conf (through SLURM_CONF; /etc/slurm is not touched), its own ports (16817/16818,
# away from a real Slurm's 6817/6818). The daemons it starts are stopped on exit, also on
# failure or Ctrl-C. The folder is removed on success and kept (path printed) on failure.
#
# Knobs (environment): REPLICATIONS (default 30), SHARDS (default 3), HORIZON_YEARS
# (default 1) and WARMUP_YEARS (default 0.25) of scenarios/arcamanik.toml, PROOF_TIMEOUT
# (seconds to wait for the jobs, default 300), KEEP=1 keeps the temporary folder.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
guide="$repo/docs/cluster.md"
replications="${REPLICATIONS:-30}"
shards_n="${SHARDS:-3}"
horizon="${HORIZON_YEARS:-1}"
warmup="${WARMUP_YEARS:-0.25}"
timeout_s="${PROOF_TIMEOUT:-300}"
ctld_port=16817
slurmd_port=16818

say() { printf 'slurm-proof: %s\n' "$*"; }
die() {
  printf 'slurm-proof: FAILED: %s\n' "$*" >&2
  exit 1
}
# Exit 77 (the usual "skipped" code): no Slurm here and no way to install it; nothing was
# tested. .ci/run skips the proof on such a machine instead of failing.
unavailable() {
  printf 'slurm-proof: SKIPPED: %s\n' "$*" >&2
  exit 77
}

[ "$(id -u)" -eq 0 ] || unavailable "needs root (slurmd launches the jobs, apt-get installs Slurm)"

# --- 1. Slurm and munge, from the distribution --------------------------------------------
need=()
for cmd in slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
  command -v "$cmd" >/dev/null || need=(slurm-wlm)
done
command -v munged >/dev/null || need+=(munge)
if [ "${#need[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null || unavailable "Slurm is missing and there is no apt-get to install it"
  say "installing ${need[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have no package lists yet: update only if the first try fails.
  # timeout: an unreachable mirror makes this a skip, not a hang.
  apt_install() { timeout 300 apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; }
  apt_install || { timeout 300 apt-get update -q >/dev/null && apt_install; } ||
    unavailable "apt-get could not install ${need[*]}"
fi

# --- 2. mutasi ------------------------------------------------------------------------------
say "building mutasi (cargo build --release)"
(cd "$repo" && cargo build --release -q) || die "cargo build --release"
export PATH="$repo/target/release:$PATH"

# --- 3. a temporary single-node cluster ---------------------------------------------------
tmp="$(mktemp -d /tmp/mutasi-slurm-proof.XXXXXX)"
# munged insists that every folder on the way to its socket is searchable by all users.
chmod 755 "$tmp"
mkdir -p "$tmp/munge" "$tmp/state" "$tmp/spool" "$tmp/log" "$tmp/submit"
munged_pid=""
slurm_pids=() # slurmctld, slurmd: run in the foreground as this script's children
ok=0
job_ids=()

running() { # PID: alive and not a zombie (an exited child stays one until reaped)
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat="${stat##*) }"
  [[ $stat != Z* ]]
}
stop() { # PID...: SIGTERM, up to 15 s to exit, then SIGKILL
  local pid alive
  kill "$@" 2>/dev/null
  for _ in $(seq 1 30); do
    alive=0
    for pid in "$@"; do running "$pid" && alive=1; done
    [ "$alive" = 0 ] && return 0
    sleep 0.5
  done
  kill -9 "$@" 2>/dev/null
}

cleanup() {
  local rc=$?
  set +e
  if [ "${#slurm_pids[@]}" -gt 0 ]; then
    if [ "${#job_ids[@]}" -gt 0 ]; then
      scancel "${job_ids[@]}" 2>/dev/null
      # Let the cancelled jobs' step daemons report to the controller and exit; stopped
      # first, they would linger retrying.
      for _ in $(seq 1 40); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.5; done
    fi
    stop "${slurm_pids[@]}"
  fi
  [ -n "$munged_pid" ] && stop "$munged_pid"
  wait 2>/dev/null
  if [ "$ok" = 1 ] && [ "${KEEP:-0}" != 1 ]; then
    rm -rf "$tmp"
  else
    say "daemons stopped; files kept in $tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Its own key, so a real cluster's /etc/munge is neither needed nor used.
head -c 1024 /dev/urandom >"$tmp/munge/munge.key"
chmod 400 "$tmp/munge/munge.key"
munged --foreground --socket="$tmp/munge/munge.socket" --key-file="$tmp/munge/munge.key" \
  --log-file="$tmp/munge/munged.log" --pid-file="$tmp/munge/munged.pid" \
  --seed-file="$tmp/munge/munged.seed" >"$tmp/munge/munged.stderr" 2>&1 &
munged_pid=$!
for _ in $(seq 1 20); do [ -S "$tmp/munge/munge.socket" ] && break; sleep 0.5; done
[ -S "$tmp/munge/munge.socket" ] || die "munged did not start: $(tail -n 3 "$tmp/munge/munged.log")"

host="$(hostname -s)"
# The node as slurmd sees it (CPUs, sockets, cores, memory); a declared node larger than
# the real one would be drained. 127.0.0.1 spares us the container's name resolution.
node_line="$(slurmd -C | head -n 1)"
case "$node_line" in NodeName="$host"\ *) ;; *) die "unexpected 'slurmd -C': $node_line" ;; esac
export SLURM_CONF="$tmp/slurm.conf"
cat >"$SLURM_CONF" <<EOF
# Written by scripts/slurm-proof.sh: one node, no accounting database, no cgroups (a
# container rarely lets slurmd manage them; linuxproc tracks job processes by parent pid).
ClusterName=mutasiproof
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# Finished jobs stay visible to scontrol for an hour (there is no accounting database).
MinJobAge=3600
ReturnToService=2
$node_line NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=proof Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -D -i >"$tmp/log/slurmctld.stderr" 2>&1 &
slurm_pids+=($!)
slurmd -D >"$tmp/log/slurmd.stderr" 2>&1 &
slurm_pids+=($!)

show_logs() {
  for f in "$tmp"/log/*.log "$tmp"/submit/logs/*; do
    [ -f "$f" ] || continue
    printf '\n--- %s (last 40 lines)\n' "$f" >&2
    tail -n 40 "$f" >&2
  done
}

for _ in $(seq 1 60); do
  [ "$(sinfo -h -n "$host" -o %t 2>/dev/null)" = idle ] && break
  sleep 1
done
[ "$(sinfo -h -n "$host" -o %t 2>/dev/null)" = idle ] || { show_logs; die "node $host never became idle"; }
slurm_version="$(sinfo -V)"
say "$slurm_version up: node $host ($(echo "$node_line" | grep -o 'CPUs=[0-9]*'), $(echo "$node_line" | grep -o 'RealMemory=[0-9]*') MB)"

# --- 4. the guide's scripts, cut out of docs/cluster.md -----------------------------------
# The fenced block that follows the line naming the file.
extract() {
  awk -v name="\`$1\`" '
    index($0, name) == 1 { found = 1; next }
    found && !inside && /^```/ { inside = 1; next }
    inside && /^```/ { exit }
    inside { print }
  ' "$guide"
}
cd "$tmp/submit"
for script in mutasi-shards.sbatch mutasi-merge.sbatch; do
  extract "$script" >"$script"
  head -n 1 "$script" | grep -qx '#!/bin/bash' || die "no $script block found in docs/cluster.md"
done
# The guide's default SCENARIO is a path inside the repository.
ln -s "$repo/scenarios" scenarios
# The submit lines this script runs must still be the guide's.
for line in 'mkdir -p logs' 'shards=$(sbatch --parsable mutasi-shards.sbatch)' \
  'sbatch --dependency=afterok:"$shards" mutasi-merge.sbatch'; do
  grep -qxF "$line" "$guide" || die "docs/cluster.md no longer has the submit line: $line"
done

# Small settings: fewer replications and a short horizon (the scripts pass extra arguments
# on to every shard), and an array and CPU count this node has. sbatch's command
# line overrides the scripts' #SBATCH lines (--cpus-per-task=4 would never fit a 2-CPU
# node); everything else is as the guide has it.
export REPLICATIONS="$replications" SEED=20261123
extra=(--set "horizon_years=$horizon" --set "warmup_years=$warmup" --transfer-log)
small=(--array="0-$((shards_n - 1))" --cpus-per-task=1)
say "submitting: sbatch --parsable ${small[*]} mutasi-shards.sbatch ${extra[*]}"
t0=$(date +%s)
mkdir -p logs
shards=$(sbatch --parsable "${small[@]}" mutasi-shards.sbatch "${extra[@]}")
job_ids+=("$shards")
merge_out=$(sbatch --dependency=afterok:"$shards" mutasi-merge.sbatch)
merge="${merge_out##* }"
job_ids+=("$merge")
say "submitted: shards array job $shards, merge job $merge (afterok:$shards)"

# --- 5. wait for both jobs ---------------------------------------------------------------
terminal='^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)$'
states() { scontrol show job -o "$1" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2; }
while :; do
  shard_states="$(states "$shards")"
  merge_state="$(states "$merge")"
  [[ $merge_state =~ $terminal ]] && break
  # A failed shard leaves the merge pending for ever (its afterok can no longer be met).
  failed="$(grep -Ev '^(COMPLETED|PENDING|RUNNING|CONFIGURING|COMPLETING)$' <<<"$shard_states" || true)"
  [ -z "$failed" ] || break
  if [ $(($(date +%s) - t0)) -gt "$timeout_s" ]; then
    squeue >&2
    show_logs
    die "jobs not finished after ${timeout_s}s"
  fi
  sleep 2
done
t1=$(date +%s)
# One line per job (each array task is a job of its own), the fields that matter here.
report="$(for id in "$shards" "$merge"; do
  scontrol show job -o "$id" | while read -r record; do
    tr ' ' '\n' <<<"$record" | grep -E '^(JobId|ArrayTaskId|JobName|JobState|ExitCode|RunTime)=' |
      paste -sd' '
  done
done | sort -t= -k2 -n)"
printf '%s\n' "$report"
if grep -v 'JobState=COMPLETED' <<<"$report" | grep -q .; then
  show_logs
  die "a job did not complete"
fi
slurm_s=$((t1 - t0))

# --- 6. the same run on this machine, then compare ----------------------------------------
say "the same run locally: mutasi run scenarios/arcamanik.toml -r $replications ${extra[*]}"
t2=$(date +%s)
mutasi run scenarios/arcamanik.toml -r "$replications" --seed "$SEED" "${extra[@]}" \
  -o local --force -q || die "local mutasi run"
local_s=$(($(date +%s) - t2))

merged=results/final
[ -d "$merged" ] || die "the merge job wrote no $merged"
differ=0
same() { # FILE: byte-identical in both folders (a missing file is a difference)
  cmp "local/$1" "$merged/$1" || differ=1
}
# The tables docs/cluster.md says are byte-identical...
claimed=(summary.csv comparison.csv replications.csv timeseries.csv transfers.csv)
for f in "${claimed[@]}"; do same "$f"; done
# ...and every other table, workbook and chart that both sides wrote.
compared=("${claimed[@]}")
for path in local/*.csv local/*.xlsx local/charts/*; do
  f="${path#local/}"
  [[ " ${claimed[*]} " == *" $f "* ]] && continue
  [ -f "$merged/$f" ] || continue
  same "$f"
  compared+=("$f")
done
# The resolved scenario, but for its header comments.
diff <(grep -v '^#' local/scenario.toml) <(grep -v '^#' "$merged/scenario.toml") || differ=1
# run.json: equal but for the execution fields the guide names.
json_without() { # FILE: run.json without wall_seconds, threads and shards
  grep -Ev '^  "(wall_seconds|threads|shards)":' "$1"
}
diff <(json_without local/run.json) <(json_without "$merged/run.json") || differ=1
[ "$differ" = 0 ] || die "the merged folder differs from the local run (see above)"

ok=1
cat <<EOF

slurm-proof: PASSED
  Slurm:          $slurm_version, one node $host, $(echo "$node_line" | grep -o 'CPUs=[0-9]*')
  experiment:     scenarios/arcamanik.toml, $replications replications, ${extra[*]}
  jobs:           array $shards (${shards_n} shards, 1 CPU each), merge $merge (afterok)
  wall:           submit to merged ${slurm_s}s; the same run locally ${local_s}s
  byte-identical: yes: $(printf '%s\n' "${compared[@]}" | grep -v '^charts/' | paste -sd' ')
                  and $(printf '%s\n' "${compared[@]}" | grep -c '^charts/') chart files
                  (and scenario.toml but for its comments, run.json but for wall_seconds,
                  threads and shards)
EOF
