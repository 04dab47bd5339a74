@callflow @inprocess
Feature: Go to
  A go-to module continues the call at another module of the flow, or at the start of another flow,
  so that flows can share a part such as the sales menu.

  Scenario: A caller goes on to another module
    Given the call flow:
      """json
      { "name": "Spec", "start": "welcome", "modules": [
        { "type": "message", "name": "welcome", "prompts": ["welcome"], "next": "jump" },
        { "type": "goto", "name": "jump", "module": "sales" },
        { "type": "queue", "name": "sales", "queue": "sales", "prompts": ["queue-sales"] } ] }
      """
    When a caller calls
    Then the caller hears "welcome" and "queue-sales"
    And the call enters the queue "sales"

  Scenario: A caller goes on to another flow
    Given the call flow:
      """json
      { "name": "Spec", "start": "welcome", "modules": [
        { "type": "message", "name": "welcome", "prompts": ["welcome"], "next": "to-sales" },
        { "type": "goto", "name": "to-sales", "flow": "Sales" } ] }
      """
    And the call flow:
      """json
      { "name": "Sales", "start": "sales", "modules": [
        { "type": "queue", "name": "sales", "queue": "sales", "prompts": ["queue-sales"] } ] }
      """
    When a caller calls
    Then the caller hears "welcome" and "queue-sales"
    And the call enters the queue "sales"
