@callflow @inprocess
Feature: Queue
  A queue module puts the caller in a queue, with the priority the flow gives them: callers of a
  higher priority are served first. A full queue sends the call to the module's full exit.

  Background:
    Given the call flow:
      """json
      { "name": "Spec", "start": "menu", "modules": [
        { "type": "menu", "name": "menu", "prompts": ["main-menu"], "options": { "1": "support", "2": "vip" }, "onFailure": "bye" },
        { "type": "queue", "name": "support", "queue": "support", "prompts": ["queue-support"] },
        { "type": "queue", "name": "vip", "queue": "support", "priority": 5, "prompts": ["queue-support"] },
        { "type": "hangup", "name": "bye" } ] }
      """

  Scenario: A caller enters the queue with the usual priority
    When a caller calls
    And the caller presses 1
    Then the caller hears "main-menu" and "queue-support"
    And the call enters the queue "support" with priority 0

  Scenario: A caller enters the queue ahead of others
    When a caller calls
    And the caller presses 2
    Then the call enters the queue "support" with priority 5
