package io.wavebeam.launch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-process HTTP server (WireMock) answering SageMaker's JSON 1.1 protocol for Processing jobs: POST / with
 * X-Amz-Target SageMaker.CreateProcessingJob / DescribeProcessingJob / ListProcessingJobs / StopProcessingJob.
 * Jobs finish after a number of describes; tests can throttle calls, cap the running jobs (ResourceLimitExceeded),
 * fail groups, and hide jobs from listings (as an eventually consistent List would).
 */
final class FakeSageMaker implements ResponseDefinitionTransformerV2, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final class Job {
    final String name;
    final JsonNode request;
    String status = "InProgress";
    int describes;
    String failureReason;
    final double created = System.currentTimeMillis() / 1000.0;

    Job(String name, JsonNode request) {
      this.name = name;
      this.request = request;
    }
  }

  private final WireMockServer server;
  final Map<String, Job> jobs = new LinkedHashMap<>();
  /** Every accepted CreateProcessingJob, in order (a name twice would be a duplicate job). */
  final List<String> created = Collections.synchronizedList(new ArrayList<>());
  /** Every X-Amz-Target received, in order. */
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  int throttleNext;
  int throttled;
  int capacity = Integer.MAX_VALUE;
  int capacityRejections;
  int describesToFinish = 3;
  int peakRunning;
  final Set<String> failingGroups = new HashSet<>();
  final Set<String> hiddenFromList = new HashSet<>();

  FakeSageMaker() {
    server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
        .extensions(this));
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.port();
  }

  WireMockServer server() {
    return server;
  }

  /** Request bodies of every CreateProcessingJob that reached the server (throttled or not). */
  List<JsonNode> createBodies() {
    List<JsonNode> bodies = new ArrayList<>();
    for (ServeEvent e : server.getAllServeEvents()) {
      if ("SageMaker.CreateProcessingJob".equals(e.getRequest().getHeader("X-Amz-Target"))) {
        bodies.add(read(e.getRequest().getBodyAsString()));
      }
    }
    Collections.reverse(bodies); // the journal is newest first
    return bodies;
  }

  synchronized void reset() {
    jobs.clear();
    created.clear();
    calls.clear();
    throttleNext = 0;
    throttled = 0;
    capacity = Integer.MAX_VALUE;
    capacityRejections = 0;
    describesToFinish = 3;
    peakRunning = 0;
    failingGroups.clear();
    hiddenFromList.clear();
    server.resetRequests();
  }

  @Override
  public String getName() {
    return "fake-sagemaker";
  }

  @Override
  public synchronized ResponseDefinition transform(ServeEvent event) {
    var request = event.getRequest();
    String target = request.getHeader("X-Amz-Target");
    if (!"POST".equals(request.getMethod().getName()) || target == null || !target.startsWith("SageMaker.")) {
      return error(400, "UnknownOperationException", "not a SageMaker call: " + request.getMethod() + " "
          + request.getUrl());
    }
    if (!request.getHeader("Content-Type").startsWith("application/x-amz-json-1.1")) {
      return error(400, "SerializationException", "Content-Type " + request.getHeader("Content-Type"));
    }
    String op = target.substring("SageMaker.".length());
    calls.add(op);
    if (throttleNext > 0) {
      throttleNext--;
      throttled++;
      return error(400, "ThrottlingException", "Rate exceeded");
    }
    JsonNode body = read(request.getBodyAsString());
    return switch (op) {
      case "CreateProcessingJob" -> create(body);
      case "DescribeProcessingJob" -> describe(body.path("ProcessingJobName").asText());
      case "ListProcessingJobs" -> list(body.path("NameContains").asText(""));
      case "StopProcessingJob" -> stop(body.path("ProcessingJobName").asText());
      default -> error(400, "UnknownOperationException", op);
    };
  }

  private ResponseDefinition create(JsonNode body) {
    String name = body.path("ProcessingJobName").asText();
    if (jobs.containsKey(name)) {
      return error(400, "ResourceInUse", "Job name must be unique within an AWS account and region, and a job "
          + "with this name already exists (" + arn(name) + ")");
    }
    if (running() >= capacity) {
      capacityRejections++;
      return error(400, "ResourceLimitExceeded", "The account-level service limit 'ml.m5.4xlarge for processing "
          + "job usage' is " + capacity + " Instances, with current utilization of " + running() + " Instances");
    }
    Job job = new Job(name, body);
    jobs.put(name, job);
    created.add(name);
    peakRunning = Math.max(peakRunning, running());
    ObjectNode r = JSON.createObjectNode().put("ProcessingJobArn", arn(name));
    return ok(r);
  }

  /** A job that an earlier launcher created (not in any of this test's requests). */
  synchronized void preexisting(String name, String status) {
    Job j = new Job(name, JSON.createObjectNode());
    j.status = status;
    jobs.put(name, j);
  }

  private ResponseDefinition describe(String name) {
    Job job = jobs.get(name);
    if (job == null) {
      return error(400, "ValidationException", "Could not find requested job with name " + name);
    }
    job.describes++;
    if (job.status.equals("InProgress") && job.describes >= describesToFinish) {
      String group = job.request.path("Environment").path("WAVEBEAM_GROUP").asText("");
      if (failingGroups.contains(group)) {
        job.status = "Failed";
        job.failureReason = "AlgorithmError: wavebeam container: group " + group + " exited with code 1";
      } else {
        job.status = "Completed";
      }
    } else if (job.status.equals("Stopping")) {
      job.status = "Stopped";
    }
    ObjectNode r = JSON.createObjectNode();
    r.put("ProcessingJobName", name);
    r.put("ProcessingJobArn", arn(name));
    r.put("ProcessingJobStatus", job.status);
    r.put("CreationTime", job.created);
    if (job.describes > 1) {
      r.put("ProcessingStartTime", job.created + 1);
    }
    if (!job.status.equals("InProgress") && !job.status.equals("Stopping")) {
      r.put("ProcessingEndTime", job.created + 2);
    }
    if (job.failureReason != null) {
      r.put("FailureReason", job.failureReason);
    }
    r.set("AppSpecification", job.request.path("AppSpecification").isMissingNode()
        ? JSON.createObjectNode().put("ImageUri", "x") : job.request.path("AppSpecification"));
    return ok(r);
  }

  private ResponseDefinition list(String nameContains) {
    ArrayNode summaries = JSON.createArrayNode();
    for (Job j : jobs.values()) {
      if (j.name.contains(nameContains) && !hiddenFromList.contains(j.name)) {
        summaries.addObject().put("ProcessingJobName", j.name).put("ProcessingJobArn", arn(j.name))
            .put("ProcessingJobStatus", j.status).put("CreationTime", j.created);
      }
    }
    ObjectNode r = JSON.createObjectNode();
    r.set("ProcessingJobSummaries", summaries);
    return ok(r);
  }

  private ResponseDefinition stop(String name) {
    Job job = jobs.get(name);
    if (job == null) {
      return error(400, "ValidationException", "Could not find requested job with name " + name);
    }
    if (job.status.equals("InProgress")) {
      job.status = "Stopping";
    }
    return ok(JSON.createObjectNode());
  }

  private int running() {
    return (int) jobs.values().stream().filter(j -> j.status.equals("InProgress") || j.status.equals("Stopping")).count();
  }

  private static String arn(String name) {
    return "arn:aws:sagemaker:us-east-1:123456789012:processing-job/" + name.toLowerCase();
  }

  private static ResponseDefinition ok(JsonNode body) {
    return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
        .withHeader("x-amzn-RequestId", "req-1").withBody(body.toString()).build();
  }

  private static ResponseDefinition error(int status, String type, String message) {
    ObjectNode b = JSON.createObjectNode().put("__type", type).put("message", message);
    return new ResponseDefinitionBuilder().withStatus(status)
        .withHeader("Content-Type", "application/x-amz-json-1.1").withHeader("x-amzn-ErrorType", type)
        .withHeader("x-amzn-RequestId", "req-1").withBody(b.toString()).build();
  }

  private static JsonNode read(String s) {
    try {
      return JSON.readTree(s == null || s.isEmpty() ? "{}" : s);
    } catch (Exception e) {
      throw new IllegalStateException("bad JSON body: " + s, e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
