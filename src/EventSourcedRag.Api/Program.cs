using EventSourcedRag.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
app.MapApplication();
app.Run();

/// <summary>Entry point, public so tests can host the API with WebApplicationFactory.</summary>
public partial class Program;
