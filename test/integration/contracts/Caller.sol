// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Store} from "./Store.sol";

/// Calls into another contract: reads its return value, and catches its reverts.
contract Caller {
    Store public immutable store;

    constructor(Store store_) {
        store = store_;
    }

    function readThrough() external view returns (uint256) {
        return store.get() * 2;
    }

    function setThrough(uint256 v) external returns (uint256) {
        store.set(v);
        return store.get();
    }

    /// Returns (kind, reason, data): 0 on success, 1 for Error(string), 2 for any other revert data.
    function trySet(uint256 v) external returns (uint8 kind, string memory reason, bytes memory data) {
        try store.set(v) {
            return (0, "", "");
        } catch Error(string memory r) {
            return (1, r, "");
        } catch (bytes memory d) {
            return (2, "", d);
        }
    }
}
