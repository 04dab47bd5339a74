@wire
Feature: The agent's softphone
  An agent who logs in at the desktop with the softphone takes calls in the browser: the contact centre rings the
  desktop, the browser connects its WebRTC audio while the call rings, and the agent answers. Caller and agent hear
  each other as on a phone. The agent's own outbound call rings the softphone first, and the desktop answers that
  ring by itself.

  Scenario: An agent on the softphone answers a call
    Given the demo contact centre is running
    And agent "agent1" is logged in with the softphone
    When a caller dials 0201234567
    And the caller hears the "menu" message
    And the caller presses 1
    Then the softphone of "agent1" rings with the inbound call from 358401234567
    When agent "agent1" answers on the softphone
    Then the desktop of softphone agent "agent1" shows the call connected
    When the caller says a 1000 Hz tone and the softphone of "agent1" says a 600 Hz tone
    Then the caller hears 600 Hz
    And the softphone of "agent1" hears 1000 Hz
    When agent "agent1" hangs up from the desktop
    Then the caller's call ends

  Scenario: An agent on the softphone calls a number out
    Given the demo contact centre is running, dialling out through a carrier
    And agent "agent1" is logged in with the softphone
    When agent "agent1" calls +358409876543 from the softphone
    Then the desktop of softphone agent "agent1" shows the call connected
    When the softphone of "agent1" says a 600 Hz tone and +358409876543 says a 700 Hz tone
    Then the softphone of "agent1" hears 700 Hz
    And +358409876543 hears 600 Hz
    When +358409876543 hangs up
    Then the call history shows an outbound call by "agent1" to +358409876543
