@callflow @inprocess
Feature: Transfer to a number
  A transfer module puts the caller through to a phone number outside the contact centre, through
  the trunk it names. Dialling out is still being wired into the host, so these run in process only.

  Scenario: A caller is put through to the partner's number
    Given the call flow:
      """json
      { "name": "Spec", "start": "menu", "modules": [
        { "type": "menu", "name": "menu", "prompts": ["main-menu"], "options": { "1": "partner", "2": "bye" }, "onFailure": "bye" },
        { "type": "transfer", "name": "partner", "number": "+358201234000", "trunk": "carrier" },
        { "type": "hangup", "name": "bye" } ] }
      """
    When a caller calls
    And the caller presses 1
    Then the call is transferred to +358201234000 through the trunk "carrier"
