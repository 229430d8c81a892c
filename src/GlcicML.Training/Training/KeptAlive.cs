using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

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
}
