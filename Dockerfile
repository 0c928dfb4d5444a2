# kie-mp4-drop: build the jar first (mvn -B package -DskipTests), then: docker build -t kie-mp4-drop .
# The container runs the same command line as the tests: java -jar kie-mp4-drop.jar, on the settings and
# routes shipped in the jar; an application.properties or a routes/ folder mounted into /opt/kie-mp4-drop
# overrides them.
FROM eclipse-temurin:17-jre

RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /opt/kie-mp4-drop --shell /usr/sbin/nologin kie

WORKDIR /opt/kie-mp4-drop
COPY target/lib/ lib/
COPY target/kie-mp4-drop.jar ./
RUN mkdir -p drop state inbox && chown -R kie:kie drop state inbox

USER kie
VOLUME ["/opt/kie-mp4-drop/drop", "/opt/kie-mp4-drop/state", "/opt/kie-mp4-drop/inbox"]
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50"
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s CMD curl -fsS http://127.0.0.1:8080/observe/health || exit 1
ENTRYPOINT ["java", "-jar", "kie-mp4-drop.jar"]
