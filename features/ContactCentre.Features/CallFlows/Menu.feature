@callflow
Feature: Menu
  A menu plays its prompts and sends the caller on by the key they press. A wrong key or no key
  plays the menu again after its invalid or timeout prompts, until the retries run out and the call
  takes the menu's failure exit.

  Background:
    Given the call flow:
      """json
      { "name": "Spec", "start": "welcome", "modules": [
        { "type": "message", "name": "welcome", "prompts": ["welcome"], "next": "main" },
        { "type": "menu", "name": "main", "prompts": ["main-menu"],
          "options": { "1": "support", "2": "sales", "3": "billing" },
          "timeoutSeconds": 5, "retries": 2, "invalidPrompts": ["invalid"], "timeoutPrompts": ["no-choice"], "onFailure": "goodbye" },
        { "type": "menu", "name": "billing", "prompts": ["billing-menu"],
          "options": { "1": "invoices", "9": "main" }, "retries": 1, "invalidPrompts": ["invalid"], "onFailure": "goodbye" },
        { "type": "queue", "name": "support", "queue": "support", "prompts": ["queue-support"] },
        { "type": "queue", "name": "sales", "queue": "sales", "prompts": ["queue-sales"] },
        { "type": "queue", "name": "invoices", "queue": "billing", "prompts": ["queue-billing"] },
        { "type": "message", "name": "goodbye", "prompts": ["goodbye"], "hangUp": true } ] }
      """

  Scenario Outline: A caller chooses an option
    When a caller calls
    Then the caller hears "welcome" and "main-menu"
    When the caller presses 2
    Then the caller hears "queue-sales"
    And the call enters the queue "sales"

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |

  Scenario Outline: A caller presses a key the menu does not offer, then a right one
    When a caller calls
    Then the caller hears "welcome" and "main-menu"
    When the caller presses 7
    Then the caller hears "invalid" and "main-menu"
    When the caller presses 1
    Then the caller hears "queue-support"
    And the call enters the queue "support"

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |

  Scenario Outline: A caller who never chooses is let go when the retries run out
    When a caller calls
    Then the caller hears "welcome" and "main-menu"
    When the caller waits without pressing a key
    Then the caller hears "no-choice" and "main-menu"
    When the caller waits without pressing a key
    Then the caller hears "no-choice" and "main-menu"
    When the caller waits without pressing a key
    Then the caller hears "goodbye"
    And the call is hung up

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |

  Scenario Outline: A caller goes into a sub-menu and back
    When a caller calls
    Then the caller hears "welcome" and "main-menu"
    When the caller presses 3
    Then the caller hears "billing-menu"
    When the caller presses 9
    Then the caller hears "main-menu"
    When the caller presses 3
    Then the caller hears "billing-menu"
    When the caller presses 1
    Then the caller hears "queue-billing"
    And the call enters the queue "billing"

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |

  @inprocess
  Scenario: A menu of one option is refused
    When the administrator saves the call flow:
      """json
      { "name": "Spec", "modules": [
        { "type": "menu", "name": "main", "prompts": ["main-menu"], "options": { "1": "bye" }, "onFailure": "bye" },
        { "type": "hangup", "name": "bye" } ] }
      """
    Then the flow is refused: "flow 'Spec', module 'main', field 'options': a menu needs at least 2 options, has 1"

  @inprocess
  Scenario: A menu of more than six options is accepted with a warning
    When the administrator saves the call flow:
      """json
      { "name": "Spec", "modules": [
        { "type": "menu", "name": "main", "prompts": ["main-menu"], "onFailure": "bye",
          "options": { "1": "bye", "2": "bye", "3": "bye", "4": "bye", "5": "bye", "6": "bye", "7": "bye" } },
        { "type": "hangup", "name": "bye" } ] }
      """
    Then the flow is accepted with the warning: "flow 'Spec', module 'main', field 'options': 7 options are hard to remember: 4-6 are recommended"
