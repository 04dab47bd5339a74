@bridge-sample
Feature: Failing and unfinished scenarios

  Scenario: A step throws
    Given the calculator is switched on
    And I have entered 1 into the calculator
    And I have entered 0 into the calculator
    When I divide
    Then the result is 0

  Scenario: A step has no binding
    Given the calculator is switched on
    When I take the square root of 16 and call it "root"
    Then the result is 4

  Scenario: A step is pending
    Given the calculator is switched on
    When I store the result in memory
