@callflow
Feature: Transfer to a number
  A transfer module puts the caller through to a phone number outside the contact centre, through
  the trunk it names. On the wire the partner's phone answers behind the trunk and the caller and the
  partner hear each other.

  Scenario Outline: A caller is put through to the partner's number
    Given the call flow:
      """json
      { "name": "Spec", "start": "menu", "modules": [
        { "type": "menu", "name": "menu", "prompts": ["main-menu"], "options": { "1": "partner", "2": "bye" }, "onFailure": "bye" },
        { "type": "transfer", "name": "partner", "number": "+358201234000", "trunk": "carrier" },
        { "type": "hangup", "name": "bye" } ] }
      """
    When a caller calls
    Then the caller hears "main-menu"
    When the caller presses 1
    Then the call is transferred to +358201234000 through the trunk "carrier"

    @inprocess
    Examples: in process
      | run        |
      | in process |

    @wire
    Examples: on the wire
      | run         |
      | on the wire |
