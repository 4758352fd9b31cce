// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// Storage, a mapping, an event with indexed arguments, and both kinds of revert.
contract Store {
    uint256 public value;
    mapping(address => uint256) public totals;

    event ValueSet(address indexed who, uint256 indexed newValue, string note);

    error TooLarge(uint256 given, uint256 limit);

    uint256 public constant LIMIT = 1000;

    function set(uint256 v) external {
        require(v != 13, "unlucky number");
        if (v > LIMIT) revert TooLarge(v, LIMIT);
        value = v;
        totals[msg.sender] += v;
        emit ValueSet(msg.sender, v, "stored");
    }

    function get() external view returns (uint256) {
        return value;
    }
}
