using Prometheus;

namespace MiniMarket.Agents.Ml;

/// <summary>
/// The ML agent's metrics. The names are a contract with the alert rules (OCRTimeoutSpike, MLModelDrift,
/// InflacionAnomaly, CacheHitRateLow), the Grafana dashboards and the console. Labels take values from closed sets:
/// model kinds, error reasons, operations, stages.
/// </summary>
public static class MlMetrics
{
    /// <summary>Resolves 0.25 s to 30 s: a clean scan takes under a second, a hard photo several, the timeout is 20 s.</summary>
    public static readonly Histogram OcrDuration = Metrics.CreateHistogram(
        "ocr_processing_duration_seconds", "Time to read one invoice page, queue wait excluded, by outcome (ok, error, timeout).",
        new HistogramConfiguration { LabelNames = ["resultado"], Buckets = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 7.5, 10, 15, 20, 30] });

    public static readonly Histogram OcrStageDuration = Metrics.CreateHistogram(
        "ocr_stage_duration_seconds", "Time spent in each OCR stage (decode, preprocess, recognize, extract).",
        new HistogramConfiguration { LabelNames = ["stage"], Buckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20] });

    public static readonly Counter OcrTimeouts = Metrics.CreateCounter(
        "ocr_timeout_events_total", "Recognition passes killed because they ran past the page timeout.");

    public static readonly Counter OcrErrors = Metrics.CreateCounter(
        "ocr_errors_total", "Pages that could not be read, by reason.",
        new CounterConfiguration { LabelNames = ["reason"] });

    public static readonly Counter OcrPages = Metrics.CreateCounter(
        "ocr_pages_total", "Pages read to the end (with or without warnings).");

    public static readonly Histogram OcrConfidence = Metrics.CreateHistogram(
        "ocr_confidence_ratio", "Overall confidence of each page read (0..1).",
        new HistogramConfiguration { Buckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99] });

    public static readonly Gauge OcrInFlight = Metrics.CreateGauge(
        "ocr_in_flight_pages", "Pages being read now.");

    public static readonly Gauge OcrQueued = Metrics.CreateGauge(
        "ocr_queued_pages", "Pages waiting for a free slot.");

    public static readonly Counter OcrRejected = Metrics.CreateCounter(
        "ocr_rejected_total", "Pages refused with 429 because the queue was full.");

    public static readonly Counter Predictions = Metrics.CreateCounter(
        "ml_predictions_total", "Predictions served, by model (demand, price).",
        new CounterConfiguration { LabelNames = ["model"] });

    public static readonly Counter CacheHits = Metrics.CreateCounter(
        "ml_cache_hits_total", "Predictions answered from the Redis cache.");

    public static readonly Counter CacheMisses = Metrics.CreateCounter(
        "ml_cache_misses_total", "Predictions computed because the cache did not have them (or Redis was down).");

    public static readonly Counter Errors = Metrics.CreateCounter(
        "ml_errors_total", "Failures by operation (ocr, train, inflation, cache, history, load).",
        new CounterConfiguration { LabelNames = ["operation"] });

    public static readonly Gauge Accuracy = Metrics.CreateGauge(
        "ml_prediction_accuracy_percent", "100 - MAPE of the promoted model on its time-based holdout, by model; absent while the promoted model could not be measured (too little sold in its holdout).",
        new GaugeConfiguration { LabelNames = ["model"] });

    public static readonly Gauge Drift = Metrics.CreateGauge(
        "ml_model_drift_score", "Population stability index of recent inputs against the promoted model's training data, by model; absent while it cannot be measured (too few products with recent sales).",
        new GaugeConfiguration { LabelNames = ["model"] });

    public static readonly Gauge ModelVersion = Metrics.CreateGauge(
        "ml_model_version_info", "1 for the promoted version of each model.",
        new GaugeConfiguration { LabelNames = ["model", "version"] });

    public static readonly Counter Trainings = Metrics.CreateCounter(
        "ml_trainings_total", "Model trainings, by model and outcome (promoted, kept_current, failed, insufficient_data).",
        new CounterConfiguration { LabelNames = ["model", "outcome"] });

    public static readonly Gauge LastTraining = Metrics.CreateGauge(
        "ml_last_training_timestamp_seconds", "When each model was last trained (Unix time), whatever the outcome.",
        new GaugeConfiguration { LabelNames = ["model"] });

    /// <summary>Absent until measured: no data is not 0 % inflation.</summary>
    public static readonly Gauge MeasuredInflation = Metrics.CreateGauge(
        "ml_inflacion_calculada_percent", "The store's own monthly inflation, measured from its purchase prices (last 30 days vs the 30 before, chained Jevons).",
        new GaugeConfiguration { SuppressInitialValue = true });

    public static readonly Gauge BaselineInflation = Metrics.CreateGauge(
        "ml_inflacion_baseline_percent", "The configured official monthly inflation the measured one is compared with.",
        new GaugeConfiguration { SuppressInitialValue = true });

    /// <summary>
    /// Every series of the labelled counters exists from the start at 0, so <c>rate()</c> and <c>increase()</c> in the
    /// alert rules see a first sample instead of nothing until the first error.
    /// </summary>
    public static void Initialise()
    {
        foreach (var reason in (string[])[OcrErrorReason.InvalidImage, OcrErrorReason.TooLarge, OcrErrorReason.Timeout, OcrErrorReason.Engine]) OcrErrors.WithLabels(reason);
        foreach (var operation in (string[])["ocr", "train", "inflation", "cache", "history", "load"]) Errors.WithLabels(operation);
        foreach (var model in (string[])["demand", "price"]) Predictions.WithLabels(model);
        foreach (var outcome in (string[])["ok", "error", "timeout"]) OcrDuration.WithLabels(outcome);
    }

    /// <summary>Reasons (label <c>reason</c> of <c>ocr_errors_total</c>).</summary>
    public static class OcrErrorReason
    {
        public const string InvalidImage = "invalid_image";
        public const string TooLarge = "too_large";
        public const string Timeout = "timeout";
        public const string Engine = "engine";
    }
}
