@wire
Feature: Audio library
  The administrator keeps the messages callers hear in the audio library: uploads a WAV file in any
  common format (it is stored as 8 kHz mono, what the phone network carries), replaces a message and
  the next caller hears the new one without a restart, and cannot delete a message a flow still plays.
  A message missing when a call plays it does not stop the call: the caller hears a short tone instead.

  Background:
    Given the demo contact centre is running

  Scenario: A replaced welcome message is what the next caller hears
    When the administrator uploads a 700 Hz tone as "welcome"
    And a caller dials 0201234567
    Then the caller hears 700 Hz

  Scenario: A 48 kHz stereo recording is stored as 8 kHz mono
    When the administrator uploads a 2 second 48000 Hz stereo recording of 1000 Hz as "announcement"
    Then the library lists "announcement" lasting 2.0 seconds
    And "announcement" is stored as 8000 Hz mono

  Scenario: A file that is not audio is refused with the reason and nothing is stored
    When the administrator uploads a text file as "announcement"
    Then the upload is refused with 422 giving the reason
    And the library does not list "announcement"

  Scenario: A message a flow plays cannot be deleted
    When the administrator deletes "welcome"
    Then the deletion is refused with 409 naming the flow "Demo"
    And the library lists "welcome"

  Scenario: A message missing at call time plays a tone and the flow goes on
    Given the "welcome" message has disappeared from the library's folder
    When a caller dials 0201234567
    Then the caller hears 440 Hz
    And the caller hears the "menu" message
