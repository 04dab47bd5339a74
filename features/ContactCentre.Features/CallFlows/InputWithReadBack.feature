@callflow
Feature: Input with read-back
  An input module collects digits, such as a customer number, reads them back one by one and asks
  the caller to confirm with # or enter them again with *. The confirmed value goes with the call
  as a variable that the agent is shown; a caller who cannot get it right takes the failed exit.

  Background:
    Given the call flow:
      """json
      { "name": "Spec", "start": "welcome", "modules": [
        { "type": "message", "name": "welcome", "prompts": ["welcome"], "next": "customer" },
        { "type": "input", "name": "customer", "prompts": ["enter-customer-number"], "variable": "customerNumber",
          "length": 4, "readBack": true, "timeoutSeconds": 10, "retries": 2, "invalidPrompts": ["invalid"],
          "done": "support", "failed": "goodbye" },
        { "type": "queue", "name": "support", "queue": "support", "prompts": ["queue-support"] },
        { "type": "message", "name": "goodbye", "prompts": ["goodbye"], "hangUp": true } ] }
      """

  Scenario Outline: A caller enters a number, hears it back and confirms it
    When a caller calls
    Then the caller hears "welcome" and "enter-customer-number"
    When the caller presses 4207
    Then the caller hears "you-entered", "digit-4", "digit-2", "digit-0", "digit-7" and "confirm-or-reenter"
    When the caller presses #
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

  Scenario Outline: The confirmed number goes with the call
    When a caller calls
    Then the caller hears "welcome" and "enter-customer-number"
    When the caller presses 4207#
    Then the call carries "customerNumber" = "4207"

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |

  Scenario Outline: A caller enters the number again after hearing it back
    When a caller calls
    Then the caller hears "welcome" and "enter-customer-number"
    When the caller presses 1234
    Then the caller hears "you-entered", "digit-1", "digit-2", "digit-3", "digit-4" and "confirm-or-reenter"
    When the caller presses *
    Then the caller hears "enter-customer-number"
    When the caller presses 5678
    Then the caller hears "you-entered", "digit-5", "digit-6", "digit-7", "digit-8" and "confirm-or-reenter"

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |

  @inprocess
  Scenario: A re-entered number replaces the first one
    When a caller calls
    And the caller presses 1234*5678#
    Then the call carries "customerNumber" = "5678"
    And the call enters the queue "support"

  @inprocess
  Scenario: A caller who keeps re-entering runs out of retries
    When a caller calls
    And the caller presses 1111*2222*3333*
    Then the caller hears "welcome", "enter-customer-number", "you-entered", "digit-1", "digit-1", "digit-1", "digit-1", "confirm-or-reenter"
    And the caller hears "enter-customer-number", "you-entered", "digit-2", "digit-2", "digit-2", "digit-2", "confirm-or-reenter"
    And the caller hears "enter-customer-number", "you-entered", "digit-3", "digit-3", "digit-3", "digit-3", "confirm-or-reenter"
    And the caller hears "goodbye"
    And the call is hung up
    And the call carries no "customerNumber"

  @inprocess
  Scenario: A caller who enters nothing runs out of retries
    When a caller calls
    And the caller waits without pressing a key
    And the caller waits without pressing a key
    And the caller waits without pressing a key
    Then the caller hears "welcome", "enter-customer-number", "enter-customer-number", "enter-customer-number" and "goodbye"
    And the call is hung up

  @inprocess
  Scenario: A number of any length ends with #
    Given the call flow:
      """json
      { "name": "Reference", "start": "reference", "modules": [
        { "type": "input", "name": "reference", "prompts": ["enter-customer-number"], "variable": "reference",
          "maxLength": 10, "minLength": 2, "readBack": true, "done": "support", "failed": "bye" },
        { "type": "queue", "name": "support", "queue": "support" },
        { "type": "hangup", "name": "bye" } ] }
      """
    When a caller calls into the flow "Reference"
    And the caller presses 987#
    Then the caller hears "enter-customer-number", "you-entered", "digit-9", "digit-8", "digit-7" and "confirm-or-reenter"
    When the caller presses #
    Then the call carries "reference" = "987"
