#!/usr/bin/env bash
# Regenerates the prompts the call-flow specs play on the wire, in CallFlows/audio/, as 8 kHz mono
# 16-bit PCM WAV like the demo's (scripts/make-demo-audio.sh). The simulated caller recognises each
# prompt by comparing what it hears with these files, so they are committed, not built.
# Needs espeak-ng and sox.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="${1:-$here/audio}"
voice="${ESPEAK_VOICE:-en-gb}"
words_per_minute="${ESPEAK_SPEED:-165}"

for tool in espeak-ng sox soxi; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-flow-audio: $tool not found; apt-get install espeak-ng sox" >&2; exit 1; }
done

mkdir -p "$out_dir"
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

declare -A prompts=(
  [welcome]="Welcome to the call flow specs."
  [main-menu]="For support, press 1. For sales, press 2. For billing, press 3."
  [billing-menu]="For invoices, press 1. To go back, press 9."
  [invalid]="Sorry, that is not a valid choice."
  [no-choice]="We did not hear your choice."
  [goodbye]="Thank you for calling. Goodbye."
  [enter-customer-number]="Please enter your four digit customer number."
  [you-entered]="You entered"
  [confirm-or-reenter]="To confirm, press hash. To enter it again, press star."
  [queue-support]="Please hold, support will be with you shortly."
  [queue-sales]="Please hold, sales will be with you shortly."
  [queue-billing]="Please hold, billing will be with you shortly."
  [service-break]="Our service is having a break today."
  [news]="Our new opening hours start in January."
  [digit-0]="zero"
  [digit-1]="one"
  [digit-2]="two"
  [digit-3]="three"
  [digit-4]="four"
  [digit-5]="five"
  [digit-6]="six"
  [digit-7]="seven"
  [digit-8]="eight"
  [digit-9]="nine"
)

for name in $(printf '%s\n' "${!prompts[@]}" | sort); do
  raw="$work_dir/$name.raw.wav"
  target="$out_dir/$name.wav"
  espeak-ng -v "$voice" -s "$words_per_minute" -w "$raw" "${prompts[$name]}"
  # Trim silence, resample to 8 kHz mono 16-bit; -R seeds dither so a rerun gives the same bytes.
  sox -R "$raw" -r 8000 -c 1 -b 16 -e signed-integer "$target" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.1 0.2 norm -3
  printf '%-24s %5.2fs\n' "$name.wav" "$(soxi -D "$target")"
done
