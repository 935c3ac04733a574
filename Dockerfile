# The wavebeam container for SageMaker Processing jobs (wavebeam launch pass1 / pass1p5).
# Build the shaded jar first:  mvn -q -DskipTests package   (launcher/target/wavebeam.jar)
# then:                        docker build -t wavebeam:0.1.0 .
FROM eclipse-temurin:17-jre

# The jar's manifest carries the --add-opens Spark needs on Java 17; these two flags cannot go in a manifest.
ENV JAVA_TOOL_OPTIONS="-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true" \
    SPARK_LOCAL_IP=127.0.0.1 \
    WAVEBEAM_ML_ROOT=/opt/ml

COPY launcher/target/wavebeam.jar /opt/wavebeam/wavebeam.jar

# The SageMaker Processing contract: the job's arguments follow (e.g. pass1 --input /opt/ml/processing/input
# --output /opt/ml/processing/output --group 30 --runner spark --parallelism 16); the entrypoint reads
# /opt/ml/config/processingjobconfig.json and resourceconfig.json. The launcher sets the same ContainerEntrypoint
# in every request, so the image and the request agree even if this line changes.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/wavebeam/wavebeam.jar", "container"]
