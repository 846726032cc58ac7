using System.CommandLine;
using EventSourcedRag.Cli.Hosting;
using EventSourcedRag.Cli.Verbs;

var root = new RootCommand("EventSourcedRag: a retrieval-augmented answering service that learns from its users.")
{
    AuditVerb.Create(),
    BenchVerb.Create(),
    ChaosVerb.Create(),
    DemoVerb.Create(),
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
