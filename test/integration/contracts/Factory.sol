// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

contract Child {
    address public immutable parent;
    uint256 public immutable tag;

    constructor(uint256 tag_) {
        parent = msg.sender;
        tag = tag_;
    }
}

/// Deploys children with CREATE2 at addresses known in advance.
contract Factory {
    event Deployed(address indexed child, bytes32 indexed salt);

    function deploy(bytes32 salt, uint256 tag) external returns (address) {
        Child child = new Child{salt: salt}(tag);
        emit Deployed(address(child), salt);
        return address(child);
    }

    function predict(bytes32 salt, uint256 tag) external view returns (address) {
        bytes32 codeHash = keccak256(abi.encodePacked(type(Child).creationCode, abi.encode(tag)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, codeHash)))));
    }
}
