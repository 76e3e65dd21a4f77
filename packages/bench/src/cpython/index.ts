export { type CellCheck, type CellMeasurement, isSteady, openPythonCell, type OpenPythonCellOptions, PythonCell, type PythonOutcome, type PythonSliceResult } from './cell.ts';
export { DEFAULT_PYTHON, describePython, MIN_PYTHON, parseDescription, type PythonDescription, type PythonResolution, PythonUnavailableError, resolvePythons } from './describe.ts';
export { PythonCellError } from './driver-process.ts';
export { describeScript, driverScript, pythonDir } from './driver-files.ts';
export { PYTHON_SCENARIO_INFO, PYTHON_SCENARIOS, type PythonScenarioInfo } from './scenarios.ts';
