namespace ActorTrain.Kernels.Schedules;

/// <summary>Amplitude policies of Smith (2017), "Cyclical Learning Rates for Training Neural Networks".</summary>
public enum CyclicalMode
{
    /// <summary>Constant amplitude.</summary>
    Triangular,

    /// <summary>Amplitude halved after each cycle.</summary>
    Triangular2,

    /// <summary>Amplitude scaled by γ^step.</summary>
    ExpRange,
}
