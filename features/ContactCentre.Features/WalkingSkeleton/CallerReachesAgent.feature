@wire
Feature: A caller reaches an agent through the menu
  The demo contact centre answers its service number with a welcome message and a menu:
  "for support press 1, for sales press 2". Each option puts the caller in the queue of that
  name, where a logged-in agent takes the call on an external phone.

  Background:
    Given the demo contact centre is running
    And agent "agent1" is logged in with an external phone

  Scenario: A caller reaches an agent through the menu
    When a caller dials 0201234567
    Then the caller hears the "welcome" message
    And the caller hears the "menu" message
    When the caller presses 1
    Then agent "agent1" is offered the call and answers it
    When the caller says a 1000 Hz tone and the agent says a 600 Hz tone
    Then the agent hears 1000 Hz
    And the caller hears 600 Hz
    When the caller hangs up
    Then agent "agent1" is Ready again
    And the call history shows:
      | service number | queue   | agent  | outcome  |
      | +358201234567  | support | agent1 | answered |

  Scenario Outline: Each menu option leads to its queue
    When a caller dials <dialled>
    And the caller hears the "menu" message
    And the caller presses <digit>
    Then agent "agent1" is offered the call and answers it
    When the caller hangs up
    Then the call history shows:
      | service number | queue   | agent  | outcome  |
      | +358201234567  | <queue> | agent1 | answered |

    Examples:
      | dialled       | digit | queue   |
      | 0201234567    | 1     | support |
      | +358201234567 | 2     | sales   |

  Scenario: A call to a number the contact centre does not serve is refused
    When a caller dials 0209999999
    Then the call is refused with 404 Not Found
