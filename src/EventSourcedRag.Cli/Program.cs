using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Cli.Verbs;

var root = new RootCommand("EventSourcedRag: a retrieval-augmented answering service that learns from its users.\n" +
                           "Every verb explains itself with --help; verbs that report take --json (one JSON object on the last line).\n" +
                           "Exit codes: 0 success; 1 the job ran but failed its check; 2 bad input or usage; 3 PostgreSQL or RabbitMQ unreachable.")
{
    AuditVerb.Create(),
    BenchVerb.Create(),
    ChaosVerb.Create(),
    DatasetVerb.Create(),
    DemoVerb.Create(),
    EncoderVerb.Create(),
    EvalVerb.Create(),
    ExperimentVerb.Create(),
    ExportVerb.Create(),
    IngestVerb.Create(),
    KeysVerb.Create(),
    RetentionVerb.Create(),
    SubjectsVerb.Create(),
    LoopVerb.Create(),
    ModelVerb.Create(),
    ProjectionsVerb.Create(),
    QueryVerb.Create(),
    ServeVerb.Create(),
    TrainVerb.Create(),
    WorkerVerb.Create(),
};
return await CliErrors.RunAsync(root, args);
