/** The {@code aws-asg} adapter: EC2 Auto Scaling desired capacity for VM groups. */
package io.prescale.adapter.aws.asg;
