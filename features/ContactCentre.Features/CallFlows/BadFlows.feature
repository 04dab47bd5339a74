@callflow @inprocess
Feature: Bad flows
  A flow that cannot work is refused when it is saved, with an error that names the flow, the module
  and the field to fix. A flow whose exits go round in a circle is stopped after a number of modules,
  so a caller is never kept forever.

  Scenario: A flow that goes round forever is stopped
    Given the call flow:
      """json
      { "name": "Circle", "start": "a", "modules": [
        { "type": "goto", "name": "a", "module": "b" },
        { "type": "goto", "name": "b", "module": "a" } ] }
      """
    And a call may enter at most 20 modules
    When a caller calls
    Then the call is hung up because "flow 'Circle' exceeded 20 steps at module 'a' (its exits loop)"

  Scenario: A flow that is not JSON is refused
    When the administrator saves the call flow:
      """
      { "name": "Spec", "modules": [
      """
    Then the flow is refused, saying "flow '(unnamed)': the flow is not valid JSON"

  Scenario: An exit to a module that does not exist is refused
    When the administrator saves the call flow:
      """json
      { "name": "Spec", "modules": [
        { "type": "message", "name": "welcome", "prompts": ["welcome"], "next": "menu" } ] }
      """
    Then the flow is refused: "flow 'Spec', module 'welcome', field 'next': leads to unknown module 'menu'"
