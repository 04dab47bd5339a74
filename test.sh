#!/usr/bin/env bash
# The one test command: installs the peers the interop tests drive (SIPp, baresip,
# linphonec, Chromium, PostgreSQL, espeak-ng, sox) when missing, then runs every test.
#   ./test.sh                          all tests
#   ./test.sh --filter Category=Unit   extra arguments go to dotnet test
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

required_packages=(sip-tester baresip-core chromium postgresql espeak-ng sox linphone-cli)

install_missing_packages() {
  local missing=() package status
  for package in "${required_packages[@]}"; do
    status="$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)"
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0

  echo "test.sh: installing missing Debian packages: ${missing[*]}"
  local sudo=()
  if ((EUID != 0)); then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "test.sh: cannot install ${missing[*]}: not root and sudo is not available." >&2
      echo "test.sh: install them as root: apt-get install ${missing[*]}" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  if ! "${sudo[@]}" apt-get update \
    || ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; then
    echo "test.sh: failed to install ${missing[*]} with apt-get; install them by hand and run ./test.sh again." >&2
    exit 1
  fi
}

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: dotnet not found; install the .NET 10 SDK (see global.json)." >&2
  exit 1
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "test.sh: dpkg-query not found; this script expects Debian 12." >&2
  exit 1
fi
install_missing_packages

output_log="$(mktemp)"
trap 'rm -f "$output_log"' EXIT

# tee keeps dotnet's output on screen; its per-project summary lines
# ("Passed!  - Failed: 0, Passed: 12, Skipped: 1, Total: 13, ...") are summed below.
set +e
dotnet test ContactCentreRef.sln "$@" 2>&1 | tee "$output_log"
exit_code=${PIPESTATUS[0]}
set -e

passed=0 failed=0 skipped=0
summary_pattern='^[[:space:]]*(Passed|Failed)![[:space:]]+-[[:space:]]+Failed:[[:space:]]+([0-9]+),[[:space:]]+Passed:[[:space:]]+([0-9]+),[[:space:]]+Skipped:[[:space:]]+([0-9]+),'
while IFS= read -r line; do
  if [[ "$line" =~ $summary_pattern ]]; then
    failed=$((failed + BASH_REMATCH[2]))
    passed=$((passed + BASH_REMATCH[3]))
    skipped=$((skipped + BASH_REMATCH[4]))
  fi
done <"$output_log"

summary="$passed passed, $failed failed"
((skipped > 0)) && summary+=", $skipped skipped"
echo "$summary"
exit "$exit_code"
