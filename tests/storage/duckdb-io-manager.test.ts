import { createDuckDbIOManager } from '../../framework/storage/duckdb/duckdb-io-manager.js'
import { describeIOManagerContract } from './io-manager.contract.js'

describeIOManagerContract('duckdb', createDuckDbIOManager)
