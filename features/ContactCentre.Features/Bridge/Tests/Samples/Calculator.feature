@bridge-sample @calculator
Feature: Calculator
  A toy domain that exercises the Gherkin-to-xUnit bridge.

  Background:
    Given the calculator is switched on

  @column
  Scenario: Adding a column of numbers
    Given I have entered these numbers:
      | number |
      | 2      |
      | 3      |
      | 5      |
    When I add them up
    Then the result is 10
    And the tape reads:
      """
      2 + 3 + 5 = 10
      """

  @outline
  Scenario Outline: Adding two numbers
    Given I have entered <a> into the calculator
    And I have entered <b> into the calculator
    When I add them up
    Then the result is <sum>
    And the tape reads:
      """
      <a> + <b> = <sum>
      """
    And the entries were:
      | number |
      | <a>    |
      | <b>    |

    Examples:
      | a  | b  | sum |
      | 1  | 2  | 3   |
      | 20 | 22 | 42  |

    @negative
    Examples: Negative numbers
      | a  | b  | sum |
      | -1 | -2 | -3  |

  @division
  Rule: Division takes the first entry as the dividend

    Background:
      Given I have entered 8 into the calculator

    Scenario: Dividing by a number
      Given I have entered 2 into the calculator
      When I divide
      Then the result is 4

    @halving
    Scenario: Halving
      Given I have entered 2 into the calculator
      When I divide
      But the display is cleared
      Then the result is 0
