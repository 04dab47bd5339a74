#!/usr/bin/env bash
# Regenerates the demo IVR prompts in reference/ContactCentre.Host/demo/audio/
# as 8 kHz mono 16-bit PCM WAV (the G.711 rate, so the host never resamples).
# Needs espeak-ng and sox (./test.sh installs both).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out_dir="${1:-$repo_root/reference/ContactCentre.Host/demo/audio}"
voice="${ESPEAK_VOICE:-en-gb}"
words_per_minute="${ESPEAK_SPEED:-165}"
max_seconds=5

for tool in espeak-ng sox soxi; do
  command -v "$tool" >/dev/null 2>&1 || { echo "make-demo-audio: $tool not found; run ./test.sh or apt-get install espeak-ng sox" >&2; exit 1; }
done

mkdir -p "$out_dir/recording-line"
work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

declare -A prompts=(
  [welcome]="Welcome to the demo contact centre of Contact Centre Ref."
  [menu]="For support, press 1. For sales, press 2."
  [queue-support]="Thank you. Please hold, an agent of support will be with you shortly."
  [queue-sales]="Thank you. Please hold, an agent of sales will be with you shortly."
  [invalid]="Sorry, that is not a valid choice."
  [closed]="Our opening hours are Monday to Friday from 8 to 16."
  # Position and wait announcements to a waiting caller (CallActor.Announcements.cs): "You are number 1 2 in the
  # queue. Your estimated waiting time is 3 minutes." The digits are also the input module's read-back.
  [queue-position]="You are number"
  [queue-wait]="in the queue. Your estimated waiting time is"
  [queue-wait-under-a-minute]="less than one minute."
  [minute]="minute."
  [minutes]="minutes."
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
  # The recording line (record a prompt by phone), in its own folder so it is not copied into the audio library.
  [recording-line/rec-pin]="Audio recording. Enter your PIN, then hash."
  [recording-line/rec-wrong-pin]="Wrong PIN."
  [recording-line/rec-number]="Enter the recording number, then hash."
  [recording-line/rec-after-beep]="Record after the beep. Press hash when you have finished."
  [recording-line/rec-playback]="You recorded:"
  [recording-line/rec-options]="Press 1 to save, 2 to record again, 3 to cancel."
  [recording-line/rec-saved]="Saved. Goodbye."
  [recording-line/rec-cancelled]="Cancelled. Goodbye."
  [recording-line/rec-goodbye]="Goodbye."
)

for name in welcome menu queue-support queue-sales invalid closed \
  queue-position queue-wait queue-wait-under-a-minute minute minutes \
  digit-0 digit-1 digit-2 digit-3 digit-4 digit-5 digit-6 digit-7 digit-8 digit-9 \
  recording-line/rec-pin recording-line/rec-wrong-pin recording-line/rec-number recording-line/rec-after-beep \
  recording-line/rec-playback recording-line/rec-options recording-line/rec-saved recording-line/rec-cancelled recording-line/rec-goodbye; do
  raw="$work_dir/${name//\//-}.raw.wav"
  target="$out_dir/$name.wav"
  espeak-ng -v "$voice" -s "$words_per_minute" -w "$raw" "${prompts[$name]}"
  # Trim leading/trailing silence, resample to 8 kHz mono 16-bit; -R seeds dither so output is byte-identical.
  sox -R "$raw" -r 8000 -c 1 -b 16 -e signed-integer "$target" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.1 0.2 norm -3
  seconds="$(soxi -D "$target")"
  if awk -v s="$seconds" -v m="$max_seconds" 'BEGIN { exit !(s > m) }'; then
    echo "make-demo-audio: $name.wav is ${seconds}s, longer than ${max_seconds}s; raise ESPEAK_SPEED" >&2
    exit 1
  fi
  printf '%-18s %5.2fs  %s\n' "$name.wav" "$seconds" "$(soxi -r "$target") Hz, $(soxi -c "$target") ch, $(soxi -b "$target") bit"
done
