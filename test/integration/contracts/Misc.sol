// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// Block and call context, value, hashing, loops, a panic and transient storage.
contract Misc {
    uint256 transient counter;
    uint256 public deposits;

    function context() external view returns (uint256 number, uint256 timestamp, address origin, address sender) {
        return (block.number, block.timestamp, tx.origin, msg.sender);
    }

    function deposit() external payable returns (uint256 balance) {
        deposits += msg.value;
        return address(this).balance;
    }

    function hash(uint256 a, string calldata s) external pure returns (bytes32) {
        return keccak256(abi.encodePacked(a, s));
    }

    function sumTo(uint256 n) external pure returns (uint256 sum) {
        for (uint256 i = 1; i <= n; i++) sum += i;
    }

    /// Division by zero panics (Panic(0x12)) rather than reverting with a message.
    function ratio(uint256 a, uint256 b) external pure returns (uint256) {
        return a / b;
    }

    function bump() public returns (uint256) {
        counter += 1;
        return counter;
    }

    /// Two external calls into this contract in one transaction: the second sees the first's transient write.
    function bumpTwice() external returns (uint256) {
        this.bump();
        return this.bump();
    }
}
