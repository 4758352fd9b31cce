// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A counter with an owner-only reset, for checking deploys, calls, events and reverts.
contract Counter {
    address public immutable owner;
    uint256 public count;

    event Incremented(address indexed by, uint256 newCount);

    constructor(uint256 start) {
        owner = msg.sender;
        count = start;
    }

    function increment(uint256 by) external {
        require(by > 0, "Counter: zero step");
        count += by;
        emit Incremented(msg.sender, count);
    }

    function reset() external {
        require(msg.sender == owner, "Counter: not the owner");
        count = 0;
    }
}
