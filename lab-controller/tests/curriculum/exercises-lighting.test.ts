import { describeExercises } from './support/exercise-spec.ts';

describeExercises(['decouverte', 'modbus', 'dali', 'economies']);
