import { describeExercises } from './support/exercise-spec.ts';

describeExercises(['opcua', 'capteurs-serie', 'scenario']);
