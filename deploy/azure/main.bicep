// The telemetry service on Azure: a storage account (grain state and cluster membership in tables; the
// write-ahead log and audit trail in blob container "telemetry") and one Container App running the silo with the
// Azure provider. One silo: the app has exactly one replica with a fixed silo name, so a restarted replica
// replays its own log (README, "Who replays a dead silo's log"). More silos need one app per silo, each with
// its own Telemetry__Cluster__SiloName and an address the others can reach (Telemetry__Cluster__AdvertisedIP).
//
//   az deployment group create -g <group> -f deploy/azure/main.bicep -p image=<registry>/telemetry-silo:<tag> bootstrapKey=<secret>

@description('Where everything is created.')
param location string = resourceGroup().location

@description('Prefix of resource names (lowercase letters and digits).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'telemetry'

@description('The silo image (built from src/Silo), listening on port 8080.')
param image string

@description('The platform admin key (Telemetry:Auth:BootstrapKey).')
@secure()
param bootstrapKey string

var storageName = toLower('${namePrefix}${uniqueString(resourceGroup().id)}')

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_ZRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: 'telemetry'
}

resource appEnvironment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${namePrefix}-env'
  location: location
  properties: {}
}

var connectionString = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

resource silo 'Microsoft.App/containerApps@2024-03-01' = {
  name: '${namePrefix}-silo'
  location: location
  properties: {
    managedEnvironmentId: appEnvironment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'http'
      }
      secrets: [
        {
          name: 'storage-connection-string'
          value: connectionString
        }
        {
          name: 'bootstrap-key'
          value: bootstrapKey
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'silo'
          image: image
          resources: {
            cpu: json('1.0')
            memory: '2Gi'
          }
          env: [
            { name: 'Urls', value: 'http://0.0.0.0:8080' }
            { name: 'Telemetry__Storage__Provider', value: 'Azure' }
            { name: 'Telemetry__Storage__ConnectionString', secretRef: 'storage-connection-string' }
            { name: 'Telemetry__Auth__BootstrapKey', secretRef: 'bootstrap-key' }
            { name: 'Telemetry__Cluster__ClusterId', value: namePrefix }
            { name: 'Telemetry__Cluster__ServiceId', value: namePrefix }
            { name: 'Telemetry__Cluster__SiloName', value: 'silo-0' }
            { name: 'Telemetry__Cluster__ListenOnAnyHostAddress', value: 'true' }
          ]
          probes: [
            {
              type: 'Readiness'
              httpGet: {
                path: '/v1/telemetry/health'
                port: 8080
              }
            }
          ]
        }
      ]
      scale: {
        minReplicas: 1
        maxReplicas: 1
      }
    }
  }
  dependsOn: [
    container
  ]
}

output url string = 'https://${silo.properties.configuration.ingress.fqdn}'
output storageAccount string = storage.name
