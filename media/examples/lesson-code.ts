import * as tf from '@tensorflow/tfjs';

// The lesson's own code, unchanged: no config, a loop of minimize calls. Descent runs it as it is
// and draws each minimize call as an epoch.
const x = tf.variable(tf.scalar(4.12));
const ys = tf.tensor([2, -5, 16, -24, 3]);
const optimizer = tf.train.sgd(0.0001);

console.log(x.dataSync());
for (let i = 0; i < 200; i++) {
  optimizer.minimize(() => ys.mul(x).square().mean());
}
console.log(x.dataSync());
