import { createDeltaIOManager } from '../../framework/storage/delta/delta-io-manager.js'
import { describeIOManagerContract } from './io-manager.contract.js'

describeIOManagerContract('delta', createDeltaIOManager)
