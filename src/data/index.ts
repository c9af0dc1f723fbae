/** The data module's public surface: loading for training, inspection for new specs, the embedded sample. */
export type { Dataset, LoadOptions } from './dataset';
export { loadDataset, SUPPORTED_EXTENSIONS } from './load-dataset';
export { inspectDataFile, type DataFileInfo } from './infer';
export { generateSeedSample, SAMPLE_SOURCE, type SeedSample } from './sample';
export { writeCsv, type CsvExportable } from './write-csv';
