@wire
Feature: Call control from the agent desktop
  An agent on a call controls it from the desktop: puts the caller on hold (the caller hears music on hold),
  transfers the caller to another queue, and calls numbers out (the agent's own phone rings first, then the
  number). The desktop shows the call as it changes. Agents answer on external phones.

  Background:
    Given the demo contact centre is running, dialling out through a carrier
    And agent "agent1" is logged in with an external phone

  Scenario: The desktop shows the call the agent answered
    When a caller dials 0201234567
    And the caller hears the "menu" message
    And the caller presses 1
    Then agent "agent1" is offered the call and answers it
    And the desktop of "agent1" shows the inbound call from 358401234567 connected

  Scenario: An offer the agent's phone turns down goes to the next agent
    When agent "agent2" logs in with an external phone
    And the phone of agent "agent1" turns calls down
    And a caller dials 0201234567
    And the caller hears the "menu" message
    And the caller presses 2
    Then the desktop of "agent1" shows the state NoAnswer
    And agent "agent2" is offered the call and answers it

  Scenario: A caller on hold hears music until the agent takes the call back
    When a caller dials 0201234567
    And the caller hears the "menu" message
    And the caller presses 1
    Then agent "agent1" is offered the call and answers it
    When the caller says a 1000 Hz tone and the agent says a 600 Hz tone
    And agent "agent1" puts the call on hold
    Then the desktop of "agent1" shows the call held
    And the caller hears music on hold
    When agent "agent1" takes the call off hold
    Then the caller hears 600 Hz
    And the agent hears 1000 Hz

  Scenario: An agent transfers the caller to another queue
    When a caller dials 0201234567
    And the caller hears the "menu" message
    And the caller presses 1
    Then agent "agent1" is offered the call and answers it
    When agent "agent2" logs in with an external phone
    And agent "agent1" transfers the call to the queue "sales"
    Then the desktop of "agent1" shows the call ended: "transferred to queue sales"
    And agent "agent2" is offered the call and answers it
    When the caller says a 1000 Hz tone and agent "agent2" says a 800 Hz tone
    Then the caller hears 800 Hz
    And agent "agent2" hears 1000 Hz
    When the caller hangs up
    Then the call history shows:
      | service number | queue | agent  | outcome  |
      | +358201234567  | sales | agent2 | answered |

  Scenario: An agent calls a number out
    When agent "agent1" calls +358409876543
    Then the phone of agent "agent1" answered before +358409876543 was dialled
    When agent "agent1" says a 600 Hz tone and +358409876543 says a 700 Hz tone
    Then agent "agent1" hears 700 Hz
    And +358409876543 hears 600 Hz
    When +358409876543 hangs up
    Then the call history shows an outbound call by "agent1" to +358409876543
