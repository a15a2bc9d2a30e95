import { careBehavior } from '../../../behaviors/care';
Component({ behaviors: [careBehavior] });
