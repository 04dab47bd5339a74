@wire
Feature: A caller who hangs up in the flow
  Callers do not always wait: one hangs up while the welcome message still plays, another while the
  menu waits for a digit. Nothing is left behind: the call ends, its line is freed, and the call history
  says where it ended.

  Background:
    Given the demo contact centre is running

  Scenario: The caller hangs up during the welcome message
    When a caller dials 0201234567
    And the caller hangs up before the "welcome" message ends
    Then the call history shows the call ended in the flow
    And no call is left open

  Scenario: The caller hangs up while the menu waits for a digit
    When a caller dials 0201234567
    And the caller hears the "menu" message
    And the caller hangs up
    Then the call history shows the call ended in the flow
    And no call is left open
