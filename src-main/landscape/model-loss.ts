/**
 * A model's full loss for the landscape (shared/landscape/types.ts FullLoss): the mean per-example loss
 * over the training examples (and over the test examples when there are any) by the model engine's
 * float64 network (engine/model/mlp.ts), with its layers for filter normalization, and on a plane's
 * grid by the plane kernel (plane-kernel.ts).
 */
import type { ModelData } from '../../shared/data/model-data';
import type { FullLoss } from '../../shared/landscape/types';
import type { Model } from '../../shared/experiment/experiment';
import { modelNet } from '../engine/model/model-run';
import { PlaneKernel } from './plane-kernel';

export function modelFullLoss(model: Model, data: ModelData): FullLoss {
  const net = modelNet(model, data);
  const test = data.test;
  return {
    D: net.D,
    layers: net.layout.layers.map(({ fanIn, fanOut }) => ({ fanIn, fanOut })),
    loss: (phi) => net.evaluate(phi, 0, data.train).loss,
    onPlane: (plane) => {
      const kernel = new PlaneKernel(model, net.layout, data, plane);
      return (alpha, beta, isTest) => kernel.loss(alpha, beta, isTest);
    },
    ...(test && test.n > 0 ? { testLoss: (phi: Float64Array) => net.evaluate(phi, 0, test).loss } : {}),
  };
}
