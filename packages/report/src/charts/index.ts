/** Every chart of the report, in page order. */
import { brcPaperChart } from './brcPaper.ts';
import { brcSweepChart } from './brcSweep.ts';
import { convoyChart } from './convoy.ts';
import { correctnessChart } from './correctness.ts';
import { gilTimelineChart } from './gilTimeline.ts';
import { microCostChart } from './microCost.ts';
import { overheadChart } from './overhead.ts';
import { publishedCostChart } from './publishedCost.ts';
import { scalingChart } from './scaling.ts';
import { switchIntervalChart } from './switchInterval.ts';
import { timeGoesChart } from './timeGoes.ts';
import { tradeOffChart } from './tradeOff.ts';
import type { ChartModule } from './types.ts';

export const CHARTS: readonly ChartModule[] = [
  tradeOffChart,
  overheadChart,
  publishedCostChart,
  microCostChart,
  scalingChart,
  timeGoesChart,
  correctnessChart,
  gilTimelineChart,
  convoyChart,
  switchIntervalChart,
  brcPaperChart,
  brcSweepChart,
];

export {
  brcPaperChart,
  brcSweepChart,
  convoyChart,
  correctnessChart,
  gilTimelineChart,
  microCostChart,
  overheadChart,
  publishedCostChart,
  scalingChart,
  switchIntervalChart,
  timeGoesChart,
  tradeOffChart,
};
