using TorchSharp.Modules;

namespace GlcicML.Training.Training;

/// <summary>
/// TorchSharp parts rewritten so that every scalar handed to libtorch stays alive for the whole native call.
/// </summary>
/// <remarks>
/// TorchSharp converts doubles to <see cref="Scalar"/> temporaries (<c>add(eps)</c> becomes <c>add(eps, 1)</c>) and
/// passes only their raw handles on. A garbage collection started by another thread (the batch producer, a test next
/// door) during that native call may finalize a temporary, and libtorch then reads a freed scalar: "Expected false to
/// be true" from c10's Scalar::toFloat, once in a few thousand steps. Here each scalar is a local disposed only after
/// its last use, so it cannot be collected early.
/// </remarks>
internal static class KeptAlive
{
    /// <summary>
    /// TorchSharp's Adadelta step, same arithmetic and state (the tests compare the two step by step). The class keeps
    /// TorchSharp's type name because saved optimizer state starts with it, so checkpoints load into either.
    /// </summary>
    internal sealed class Adadelta(IEnumerable<Parameter> parameters, double learningRate, double rho, double epsilon)
        : TorchSharp.Modules.Adadelta(parameters, learningRate, rho, epsilon)
    {
        /// <inheritdoc />
        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

        private void Update(ParamGroup group)
        {
            var options = (Options)group.Options;
            using Scalar rho = options.rho!.Value.ToScalar();
            using Scalar oneMinusRho = (1 - options.rho.Value).ToScalar();
            using Scalar epsilon = options.eps!.Value.ToScalar();
            using Scalar negativeLearningRate = (-options.LearningRate!.Value).ToScalar();
            using Scalar weightDecay = options.weight_decay!.Value.ToScalar();
            using Scalar one = 1.ToScalar();
            bool decays = options.weight_decay.Value != 0;
            foreach (Parameter parameter in group.Parameters)
            {
                Tensor? gradient = parameter.grad;
                if (gradient is null)
                {
                    continue;
                }

                var state = (State)_state[parameter.Handle];
                if (decays)
                {
                    gradient = gradient.add(parameter, weightDecay);
                }

                state.square_avg.mul_(rho).addcmul_(gradient, gradient, oneMinusRho);
                Tensor deviation = state.square_avg.add(epsilon, one).sqrt_();
                Tensor delta = state.acc_delta.add(epsilon, one).sqrt_().div_(deviation).mul_(gradient);
                parameter.add_(delta, negativeLearningRate);
                state.acc_delta.mul_(rho).addcmul_(delta, delta, oneMinusRho);
            }
        }
    }

    /// <summary>
    /// Adam (PyTorch's update, without weight decay or AMSGrad) with every scalar held for the whole step, for the
    /// reason above. Same state tensors as TorchSharp's Adam, so its state dictionary saves and loads the same way.
    /// </summary>
    internal sealed class Adam(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon)
        : TorchSharp.Modules.Adam(parameters, learningRate, beta1, beta2, epsilon)
    {
        public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(Update, closure);

        private void Update(ParamGroup group)
        {
            var options = (Options)group.Options;
            double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
            using Scalar beta1Scalar = beta1.ToScalar(), oneMinusBeta1 = (1 - beta1).ToScalar();
            using Scalar beta2Scalar = beta2.ToScalar(), oneMinusBeta2 = (1 - beta2).ToScalar();
            using Scalar epsilon = options.eps!.Value.ToScalar();
            using Scalar one = 1.ToScalar();
            foreach (Parameter parameter in group.Parameters)
            {
                Tensor? gradient = parameter.grad;
                if (gradient is null)
                {
                    continue;
                }

                var state = (State)_state[parameter.Handle];
                state.step += 1;
                double correction1 = 1 - Math.Pow(beta1, state.step), correction2 = 1 - Math.Pow(beta2, state.step);
                using Scalar inverseSqrtCorrection2 = (1 / Math.Sqrt(correction2)).ToScalar();
                using Scalar negativeStepSize = (-options.LearningRate!.Value / correction1).ToScalar();
                state.exp_avg.mul_(beta1Scalar).add_(gradient, oneMinusBeta1);
                state.exp_avg_sq.mul_(beta2Scalar).addcmul_(gradient, gradient, oneMinusBeta2);
                using Tensor denominator = state.exp_avg_sq.sqrt().mul_(inverseSqrtCorrection2).add_(epsilon, one);
                parameter.addcdiv_(state.exp_avg, denominator, negativeStepSize);
            }
        }
    }

    /// <summary>Sets every parameter group's learning rate (for a schedule).</summary>
    internal static void SetLearningRate(OptimizerHelper optimizer, double learningRate)
    {
        foreach (ParamGroup group in optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }
    }
}
