@bridge-sample
Feature: Hook counting

  Scenario: First
    Given the calculator is switched on

  Scenario: Second
    Given the calculator is switched on

  Scenario: Third
    Given the calculator is switched on
